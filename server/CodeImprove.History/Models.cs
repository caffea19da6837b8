namespace CodeImprove.History;

/// <summary>Where a rollback point stands in the timeline.</summary>
public enum PointState
{
    /// <summary>Recorded before the apply, but the apply never completed (the process died or the editor refused).</summary>
    Incomplete,
    Complete,
    /// <summary>Undone by a later rollback point (or, when incomplete, resolved by one).</summary>
    RolledBack,
    /// <summary>Recorded, but the edit was never applied (e.g. the editor refused it); nothing to roll back.</summary>
    Abandoned,
}

/// <summary>How a rollback treats files that changed after the edit was applied.</summary>
public enum RollbackMode
{
    /// <summary>Refuse, naming the files and changed lines.</summary>
    Strict,
    /// <summary>Revert only the edit's hunks when they still apply cleanly around the later changes.</summary>
    Merge,
    /// <summary>Restore the before-bytes regardless; the current bytes stay recorded in the rollback's own point.</summary>
    Force,
}

/// <summary>One recorded apply (or rollback, when <see cref="Reverts"/> is set).</summary>
/// <param name="Id">Stable point id (kept across pruning).</param>
/// <param name="Files">Paths relative to <see cref="RollbackPointStore.Root"/>, '/'-separated.</param>
/// <param name="Reverts">The point this one rolled back, or null for an ordinary apply.</param>
public sealed record RollbackPoint(
    string Id,
    string EpisodeId,
    DateTimeOffset Time,
    IReadOnlyList<string> Files,
    PointState State,
    string? Reverts);

/// <summary>What a file on disk holds relative to an apply that never completed.</summary>
public enum FileApplyState
{
    /// <summary>Still the recorded before-bytes: the apply did not reach this file.</summary>
    Before,
    /// <summary>The bytes the apply meant to write: the apply reached this file.</summary>
    After,
    /// <summary>Neither (changed since, or the intended bytes were never recorded).</summary>
    Other,
}

public sealed record IncompleteFile(string Path, FileApplyState State);

/// <summary>An apply found unfinished when the store was opened, with the state of each of its files.</summary>
public sealed record IncompleteApply(RollbackPoint Point, IReadOnlyList<IncompleteFile> Files);

/// <summary>The bytes a rollback will write, computed before anything is touched.</summary>
/// <param name="Current">Each file's bytes now (null: absent); recorded as the rollback point's before-bytes.</param>
/// <param name="Restored">Each file's bytes after the rollback (null: delete).</param>
/// <param name="MergedFiles">Files whose later changes were kept by a merge rather than overwritten.</param>
public sealed record RollbackPlan(
    RollbackPoint Point,
    IReadOnlyDictionary<string, byte[]?> Current,
    IReadOnlyDictionary<string, byte[]?> Restored,
    IReadOnlyList<string> MergedFiles)
{
    /// <summary>Restored files that get the executable bit back (their recorded before mode).</summary>
    internal IReadOnlySet<string> Executable { get; init; } = new HashSet<string>();
}

/// <summary>A rollback done on disk: what was planned, and the point that recorded it (roll that one back to undo the rollback).</summary>
public sealed record RollbackResult(RollbackPlan Plan, RollbackPoint Recorded);

/// <summary>Points to drop: anything beyond <see cref="MaxPoints"/> newest or older than <see cref="MaxAgeDays"/>. Incomplete points are always kept.</summary>
public sealed record PruneOptions(int? MaxPoints, double? MaxAgeDays);

/// <summary>Steps of an apply, reported to <see cref="HistoryOptions.Observer"/> (crash tests stop the process at each).</summary>
public enum ApplyStep
{
    /// <summary>The point's commits exist in the object database and its audit line is written; no ref points at them yet.</summary>
    ObjectsWritten,
    /// <summary>The point is on the timeline with its in-progress marker; no file written yet.</summary>
    PointRecorded,
    /// <summary>One file has been written (reported once per file).</summary>
    FileWritten,
    /// <summary>Every file is written; the point is not completed yet.</summary>
    FilesWritten,
    Completed,
}

public sealed class HistoryOptions
{
    /// <summary>Clock for commit times and pruning by age.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Called at each <see cref="ApplyStep"/>; lets tests kill the process at an exact point.</summary>
    public Action<ApplyStep>? Observer { get; init; }

    /// <summary>Where the changes come from, as the audit trail names it: editor or cli.</summary>
    public string Origin { get; init; } = "cli";

    /// <summary>How long to wait for another process holding the history lock.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
