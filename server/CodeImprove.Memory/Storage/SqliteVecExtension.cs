using Microsoft.Data.Sqlite;

namespace CodeImprove.Memory.Storage;

/// <summary>The sqlite-vec loadable extension the build copies to <c>native/</c> beside the assemblies.</summary>
internal static class SqliteVecExtension
{
    public static string Path { get; } = System.IO.Path.Combine(
        AppContext.BaseDirectory,
        "native",
        OperatingSystem.IsWindows() ? "vec0.dll" : OperatingSystem.IsMacOS() ? "vec0.dylib" : "vec0.so");

    public static void Load(SqliteConnection connection)
    {
        if (!File.Exists(Path))
        {
            throw new FileNotFoundException(
                $"the sqlite-vec extension is missing at {Path}; the build copies it from the npm package sqlite-vec-<platform>", Path);
        }
        connection.LoadExtension(Path);
    }
}
