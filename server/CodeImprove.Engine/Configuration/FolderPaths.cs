namespace CodeImprove.Engine.Configuration;

/// <summary>The one rule for "is this path in that folder" (case-sensitive on Linux, as its file systems are).</summary>
internal static class FolderPaths
{
    public static StringComparison Comparison => OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    /// <summary>The folder's full path without a trailing separator.</summary>
    public static string Normalize(string folder) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));

    /// <summary>Whether <paramref name="path"/> (absolute, or relative to <paramref name="folder"/>) lies below the folder.</summary>
    public static bool IsInside(string folder, string path) =>
        Path.GetFullPath(path, Normalize(folder)).StartsWith(Normalize(folder) + Path.DirectorySeparatorChar, Comparison);
}
