namespace CodeImprove.Protocol;

/// <summary><c>codeImprove/history</c>: rollback points, newest first.</summary>
public sealed record HistoryParams
{
    public int? Limit { get; init; }

    /// <summary>The workspace folder (URI) whose memory or history to read, in a multi-root workspace; null: the first.</summary>
    public string? Folder { get; init; }
}

/// <param name="State">"complete", "incomplete", "rolledBack" or "abandoned".</param>
/// <param name="Reverts">The point this one rolled back, for rollbacks.</param>
public sealed record HistoryPoint(string Id, string EpisodeId, DateTimeOffset Time, IReadOnlyList<string> Files, string State, string? Reverts);

/// <param name="Incomplete">Applies a crash interrupted: roll them back (or accept them) before anything else.</param>
public sealed record HistoryResult(IReadOnlyList<HistoryPoint> Points, IReadOnlyList<HistoryPoint> Incomplete);

/// <summary><c>codeImprove/rollback</c>: restore the files a point (or an episode's newest point) changed.</summary>
/// <param name="Mode">"strict" (default: refuse if files changed since), "merge" (revert only the edit's hunks) or "force".</param>
public sealed record RollbackParams(string Target)
{
    public string? Mode { get; init; }

    /// <summary>The workspace folder (URI) whose memory or history to read, in a multi-root workspace; null: the first.</summary>
    public string? Folder { get; init; }
}

/// <param name="Point">The point that records this rollback (roll it back to undo the rollback).</param>
public sealed record RollbackResponse(string Point, IReadOnlyList<string> RestoredFiles, IReadOnlyList<string> MergedFiles);
