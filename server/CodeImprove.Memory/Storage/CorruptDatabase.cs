using System.Globalization;

namespace CodeImprove.Memory.Storage;

/// <summary>Moves an unreadable database (and its WAL files) aside so a fresh one can take its place.</summary>
internal static class CorruptDatabase
{
    private static readonly string[] Companions = ["", "-wal", "-shm"];

    /// <returns>The path the database was moved to.</returns>
    public static string MoveAside(string databasePath, DateTimeOffset now)
    {
        var target = $"{databasePath}.corrupt-{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
        foreach (var suffix in Companions)
        {
            try
            {
                File.Move(databasePath + suffix, target + suffix, overwrite: true);
            }
            catch (FileNotFoundException)
            {
                // No WAL beside it, or another process moved it first: nothing left to move.
            }
        }
        return target;
    }
}
