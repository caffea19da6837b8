namespace CodeImprove.History;

/// <summary>What a line of the audit trail records.</summary>
public static class AuditEvents
{
    /// <summary>A rollback point recorded before an apply writes anything (files: before and intended after).</summary>
    public const string Apply = "apply";

    /// <summary>A rollback point recorded before a rollback writes anything.</summary>
    public const string Rollback = "rollback";

    /// <summary>The apply or rollback of <see cref="AuditEntry.Point"/> wrote its files (files: before and after as written).</summary>
    public const string Completed = "completed";

    /// <summary>The apply or rollback of <see cref="AuditEntry.Point"/> changed nothing (the editor refused it, or it never started).</summary>
    public const string Abandoned = "abandoned";

    /// <summary>A proposal's hunks were accepted and applied through <see cref="AuditEntry.Point"/>.</summary>
    public const string Accept = "accept";

    public const string Reject = "reject";

    /// <summary>A run used a different model from the one before it in this workspace.</summary>
    public const string Model = "model";

    /// <summary>Old rollback points were dropped (<see cref="AuditEntry.Pruned"/>); their lines stay.</summary>
    public const string Prune = "prune";
}

/// <summary>A file of an apply: its path under the history root and the sha256 (hex) of its bytes; null means absent.</summary>
public sealed record AuditFile(string Path, string? Before, string? After);

/// <summary>An accepted hunk: its id in the proposal, its first line (0-based) and its text before and after.</summary>
public sealed record AuditHunk(int Id, int Line, string OldText, string NewText);

/// <summary>
/// One line of <c>.codeimprove/audit.jsonl</c>. <see cref="Previous"/> is the sha256 of the line before it, so a line removed
/// or changed anywhere breaks the chain.
/// </summary>
public sealed record AuditEntry
{
    public required string Event { get; init; }
    public DateTimeOffset Time { get; init; }
    public string? Episode { get; init; }
    public string? Point { get; init; }

    /// <summary>For a rollback: the point it undoes.</summary>
    public string? Reverts { get; init; }

    /// <summary>Where it came from: editor, cli, or recovery (written when a later open reconciled a crash).</summary>
    public string? Origin { get; init; }

    public IReadOnlyList<AuditFile>? Files { get; init; }
    public IReadOnlyList<AuditHunk>? Hunks { get; init; }

    /// <summary>For a model change: the model's name and where it runs.</summary>
    public string? Model { get; init; }

    /// <summary>For a prune: the points dropped.</summary>
    public IReadOnlyList<string>? Pruned { get; init; }

    /// <summary>A reason (a rejection's) or what recovery found.</summary>
    public string? Detail { get; init; }

    public string? Previous { get; init; }
}

/// <summary>The trail and what <c>--verify</c> found wrong with it (empty when it agrees with the rollback store).</summary>
public sealed record AuditReport(string Path, IReadOnlyList<AuditEntry> Entries, IReadOnlyList<string> Problems);
