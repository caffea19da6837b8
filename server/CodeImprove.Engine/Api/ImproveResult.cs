using CodeImprove.Analysis;
using CodeImprove.Analysis.Candidates;
using CodeImprove.Analysis.Diagnostics;
using CodeImprove.Analysis.Metrics;

namespace CodeImprove.Engine;

/// <summary>
/// The outcome of one improve run: a <see cref="Proposal"/>, or the reasons no improvement was found.
/// <see cref="Candidates"/> lists every candidate the run considered, in order, with why it won or lost.
/// </summary>
public sealed record ImproveResult(
    Proposal? Proposal,
    IReadOnlyList<string> NoImprovementReasons,
    IReadOnlyList<CandidateOutcome> Candidates,
    IReadOnlyDictionary<string, double> StageTimingsMs,
    long? EpisodeId)
{
    public bool Improved => Proposal is not null;

    /// <summary>Decode speed of the run's last generation on an in-process model (null for an endpoint or no model).</summary>
    public double? TokensPerSecond { get; init; }

    /// <summary>What the run noted on the way (a fix left out and why, an early stop, the budget), with or without a proposal.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>What became of one candidate: its cycle, the strategy that produced it, its score (null when it was never scored) and the verdict.</summary>
public sealed record CandidateOutcome(int Cycle, string Strategy, string Fingerprint, double? Score, string Verdict);

/// <summary>
/// A checked improvement ready for preview. Its hunks are independent edits of the text it was computed on
/// (<see cref="BaseTextHash"/>); any subset of them can be accepted.
/// </summary>
public sealed record Proposal(
    string Id,
    string DocumentPath,
    int? DocumentVersion,
    string BaseTextHash,
    SourceRange TargetRange,
    string OriginalCode,
    string ImprovedCode,
    IReadOnlyList<ProposalHunk> Hunks,
    string UnifiedDiff,
    string Strategy,
    string Explanation,
    AnalysisSummary Analysis,
    ScoreBreakdown Score,
    long? EpisodeId);

/// <summary>Replace <see cref="Range"/> (of the base text; whole lines) with <see cref="NewText"/>.</summary>
/// <param name="Diff">This hunk alone as a unified diff, for a per-hunk preview.</param>
public sealed record ProposalHunk(int Id, SourceRange Range, string OldText, string NewText, string Diff);

/// <summary>What the Roslyn candidate check found, without the candidate document itself.</summary>
public sealed record AnalysisSummary(
    IReadOnlyList<AnalysisDiagnostic> Introduced,
    IReadOnlyList<AnalysisDiagnostic> Removed,
    IReadOnlyList<MetricsPair> Metrics,
    bool PublicSignatureChanged,
    IReadOnlyList<string> SignaturesBefore,
    IReadOnlyList<string> SignaturesAfter,
    IReadOnlyList<BehaviourChange> BehaviourChanges);

/// <summary>One member's metrics before and after (null: the member is new, or gone).</summary>
public sealed record MetricsPair(string Name, MethodMetrics? Before, MethodMetrics? After);

/// <summary>
/// The score of a candidate relative to the original (whose score is 0), by component; see the Engine README for the formula.
/// </summary>
public sealed record ScoreBreakdown(
    double Diagnostics,
    double Complexity,
    double Maintainability,
    double Nesting,
    double LengthGrowth,
    double SignatureChange,
    double BehaviourChange,
    double Goal,
    double Preference = 0)
{
    public double Total => Diagnostics + Complexity + Maintainability + Nesting + LengthGrowth + SignatureChange + BehaviourChange + Goal + Preference;

    public IReadOnlyDictionary<string, double> ToDictionary() => new Dictionary<string, double>
    {
        ["diagnostics"] = Diagnostics,
        ["complexity"] = Complexity,
        ["maintainability"] = Maintainability,
        ["nesting"] = Nesting,
        ["lengthGrowth"] = LengthGrowth,
        ["signatureChange"] = SignatureChange,
        ["behaviourChange"] = BehaviourChange,
        ["goal"] = Goal,
        ["preference"] = Preference,
        ["total"] = Total,
    };
}
