using CodeImprove.Analysis;

namespace CodeImprove.Engine;

/// <summary>Replace <see cref="Range"/> of the current text (chars <see cref="Start"/> to <see cref="End"/>) with <see cref="NewText"/>.</summary>
public sealed record PlannedEdit(SourceRange Range, string NewText, int Start, int End);

/// <summary>
/// What accepting a proposal (all or some hunks) does to the document as it is now: edits in the current text's
/// coordinates (rebased when the document changed elsewhere), the resulting text, and the rollback point recorded first.
/// </summary>
public sealed record AcceptPlan(
    string ProposalId,
    string DocumentPath,
    IReadOnlyList<int> HunkIds,
    IReadOnlyList<PlannedEdit> Edits,
    string NewText,
    string FinalCode,
    string? RollbackPointId)
{
    /// <summary>True when the editor refused the edit: nothing changed and the proposal stays open.</summary>
    public bool Refused => RefusalReason is not null;

    public string? RefusalReason { get; init; }
}
