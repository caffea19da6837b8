using CodeImprove.Engine.Candidates;
using CodeImprove.Engine.Text;

namespace CodeImprove.Engine.Proposals;

/// <summary>A proposal waiting for the user's decision, with the text it was computed on and its hunks as offset edits.</summary>
internal sealed class OpenProposal(Proposal proposal, string baseText, CodeTarget target, IReadOnlyList<LineChange> changes)
{
    public Proposal Proposal => proposal;
    public string BaseText => baseText;
    public CodeTarget Target => target;

    /// <summary>Hunk id (1-based) to its edit of <see cref="BaseText"/>.</summary>
    public IReadOnlyList<LineChange> Changes => changes;

    /// <summary>Set between BeginAccept and CompleteAccept (the editor applying the edit).</summary>
    public AcceptPlan? Applying { get; set; }
}
