using Microsoft.Data.Sqlite;

namespace CodeImprove.Memory.Storage;

/// <summary>Sorts SQLite errors into what the store does about them.</summary>
internal static class StorageFaults
{
    // Primary result codes (https://sqlite.org/rescode.html); extended codes keep them in the low byte.
    private const int Perm = 3;
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int Constraint = 19;
    private const int NotADatabase = 26;

    private static int Primary(SqliteException e) => e.SqliteErrorCode & 0xFF;

    /// <summary>The file is not a usable database: move it aside and start a fresh one.</summary>
    public static bool IsCorruption(SqliteException e) => Primary(e) is Corrupt or NotADatabase;

    /// <summary>The database cannot be written (read-only folder, full disk, I/O error): stop writing.</summary>
    public static bool StopsWriting(SqliteException e) => Primary(e) is Perm or ReadOnly or IoError or Full or CantOpen || IsCorruption(e);

    public static string Describe(SqliteException e) => Primary(e) switch
    {
        Full => "the disk (or the configured size cap) is full",
        ReadOnly or Perm or CantOpen => "the database or its folder is not writable",
        IoError => "a disk I/O error occurred",
        Corrupt or NotADatabase => "the database file is corrupt",
        Busy or Locked => "another process kept the database busy past the timeout",
        Constraint => "the record refers to something that does not exist",
        _ => "SQLite reported an error",
    } + $" ({e.Message.TrimEnd('.')})";
}
