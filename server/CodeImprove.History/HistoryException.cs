namespace CodeImprove.History;

/// <summary>A history operation that cannot proceed; nothing was changed.</summary>
public class HistoryException(string message) : Exception(message);

/// <summary>A file that a rollback would overwrite although it changed after the edit.</summary>
/// <param name="ChangedLines">1-based line ranges in the current file that differ from what the edit left.</param>
public sealed record RollbackConflict(string Path, string Reason, IReadOnlyList<LineRange> ChangedLines)
{
    public override string ToString() =>
        ChangedLines switch
        {
            [] => $"{Path} ({Reason})",
            [{ Start: var start, End: var end }] when start == end => $"{Path} ({Reason}; line {start})",
            _ => $"{Path} ({Reason}; lines {string.Join(", ", ChangedLines)})",
        };
}

public readonly record struct LineRange(int Start, int End)
{
    public override string ToString() => Start == End ? Start.ToString() : $"{Start}-{End}";
}

/// <summary>A rollback refused because files changed after the edit; lists each file and its changed lines.</summary>
public sealed class RollbackConflictException(string pointId, IReadOnlyList<RollbackConflict> conflicts)
    : HistoryException(
        $"rollback of point {pointId} refused: {string.Join("; ", conflicts)}. " +
        "Use merge mode to revert only the edit's hunks, or force to overwrite (the current bytes are recorded first).")
{
    public string PointId { get; } = pointId;
    public IReadOnlyList<RollbackConflict> Conflicts { get; } = conflicts;
}
