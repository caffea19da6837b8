using CodeImprove.Engine.Loop;
using CodeImprove.Analysis;
using CodeImprove.Analysis.Text;
using CodeImprove.Engine.Candidates;
using CodeImprove.Engine.Text;

namespace CodeImprove.Engine.Proposals;

/// <summary>A proposal waiting for the user's decision, with the text it was computed on and its hunks as offset edits.</summary>
internal sealed class OpenProposal(Proposal proposal, string baseText, CodeTarget target, IReadOnlyList<LineChange> changes, AnalysisSnapshot analysis,
    IReadOnlyList<FixRule> rules)
{
    /// <summary>For a code-fix proposal, the rules its hunks fix (each decision on a hunk teaches the preference of the rules on its lines).</summary>
    public IReadOnlyList<FixRule> Rules => rules;

    public Proposal Proposal => proposal;
    public string BaseText => baseText;
    public CodeTarget Target => target;

    /// <summary>The run's snapshot, which holds <see cref="BaseText"/>: a subset of hunks is checked on it before it is applied.</summary>
    public AnalysisSnapshot Analysis => analysis;

    /// <summary>Hunk id (1-based) to its edit of <see cref="BaseText"/>.</summary>
    public IReadOnlyList<LineChange> Changes => changes;

    /// <summary>True while an accept of it runs (the editor may take a while to apply an edit).</summary>
    public bool Applying { get; set; }
}
