using LibGit2Sharp;

namespace CodeImprove.History;

/// <summary>
/// What a failed write to the history or the workspace means for the user. A full disk shows up from libgit2 as an
/// object that "does not exist" right after it was written, so the free space is asked rather than the message parsed.
/// </summary>
internal static class StorageFaults
{
    // Below this much free space a failed write is taken to be the disk's fault (libgit2 and git objects need a few pages).
    private const long NearlyFull = 1 << 20;

    public static bool IsStorageFault(Exception e) => e is LibGit2SharpException or IOException;

    /// <summary>The failure of writing under <paramref name="folder"/>, with what happened to the user's files.</summary>
    public static HistoryException Describe(Exception e, string folder, string outcome) =>
        FreeSpace(folder) is { } free && (free < NearlyFull || e is IOException { HResult: 28 or 39 or 112 })
            ? new HistoryException($"there is no space left on the disk that holds {folder} ({free / 1024} KB free): {outcome}. " +
                                   "Free some space and try again; proposals, episodes and the history can still be read")
            : new HistoryException($"writing under {folder} failed ({e.Message}): {outcome}");

    private static long? FreeSpace(string folder)
    {
        try
        {
            return new DriveInfo(folder).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
