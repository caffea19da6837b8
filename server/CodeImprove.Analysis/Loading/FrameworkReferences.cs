using Microsoft.CodeAnalysis;

namespace CodeImprove.Analysis.Loading;

/// <summary>
/// Reference assemblies for files outside any project: the newest Microsoft.NETCore.App reference pack of the
/// running runtime's major version, else the running runtime's own assemblies.
/// </summary>
internal static class FrameworkReferences
{
    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(Load);

    public static IReadOnlyList<MetadataReference> All => References.Value;

    private static IReadOnlyList<MetadataReference> Load()
    {
        var paths = FromReferencePack() ?? FromRuntime();
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
    }

    private static IReadOnlyList<string>? FromReferencePack()
    {
        var root = MsBuildRegistration.DotnetRoot ?? Path.GetDirectoryName(Environment.ProcessPath);
        var packs = root is null ? null : Path.Combine(root, "packs", "Microsoft.NETCore.App.Ref");
        if (packs is null || !Directory.Exists(packs))
        {
            return null;
        }
        var major = Environment.Version.Major;
        var version = Directory.EnumerateDirectories(packs)
            .Select(d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? (Dir: d, Version: v) : default)
            .Where(v => v.Dir is not null && v.Version.Major == major)
            .OrderByDescending(v => v.Version)
            .FirstOrDefault();
        var refDir = version.Dir is null ? null : Path.Combine(version.Dir, "ref", $"net{major}.0");
        return refDir is not null && Directory.Exists(refDir) ? Directory.GetFiles(refDir, "*.dll") : null;
    }

    private static IReadOnlyList<string> FromRuntime() =>
        ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .ToList();
}
