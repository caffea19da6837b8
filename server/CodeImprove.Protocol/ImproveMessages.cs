namespace CodeImprove.Protocol;

/// <summary>The argument of <c>codeImprove.improve</c>: a cursor (empty range) or a selection.</summary>
public sealed record ImproveArgs(string Uri, Range Range)
{
    public string? Instruction { get; init; }
    public string? Strategy { get; init; }
}

public sealed record ImproveResponse(
    ProposalInfo? Proposal,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<CandidateInfo> Candidates,
    IReadOnlyDictionary<string, double> TimingsMs)
{
    public long? EpisodeId { get; init; }
    public double? TokensPerSecond { get; init; }

    /// <summary>What the run noted on the way (a fix left out and why, an early stop), also when there is a proposal.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

public sealed record CandidateInfo(int Cycle, string Strategy, string Fingerprint, double? Score, string Verdict);

/// <summary>A checked proposal for preview; its hunks are whole-line edits of document version <see cref="Version"/>.</summary>
public sealed record ProposalInfo(
    string Id,
    string Uri,
    int? Version,
    Range Range,
    IReadOnlyList<HunkInfo> Hunks,
    string Diff,
    string Strategy,
    string Explanation,
    AnalysisInfo Analysis,
    IReadOnlyDictionary<string, double> Score)
{
    public long? EpisodeId { get; init; }
}

public sealed record HunkInfo(int Id, Range Range, string OldText, string NewText, string Diff);

public sealed record AnalysisInfo(
    IReadOnlyList<DiagnosticInfo> Introduced,
    IReadOnlyList<DiagnosticInfo> Removed,
    IReadOnlyList<MetricsChangeInfo> Metrics,
    bool PublicSignatureChanged)
{
    /// <summary>Signs that the proposal may not do what the original did (another overload, another order of throws or calls).</summary>
    public IReadOnlyList<string> BehaviourChanges { get; init; } = [];
}

public sealed record DiagnosticInfo(string Id, DiagnosticSeverity Severity, string Message, Range Range);

public sealed record MetricsChangeInfo(string Name, MetricsInfo? Before, MetricsInfo? After);

/// <summary>One member's metrics, with the names the episode memory stores them under (so a proposal and an episode read alike).</summary>
public sealed record MetricsInfo(string Name, int CyclomaticComplexity, double MaintainabilityIndex, int MaxNestingDepth, int Lines, int CodeLines);

/// <summary><c>codeImprove/accept</c>: all hunks, or the chosen ids.</summary>
public sealed record AcceptParams(string Proposal)
{
    public IReadOnlyList<int>? Hunks { get; init; }
}

/// <param name="Applied">False when the editor refused the edit (nothing was recorded as accepted).</param>
public sealed record AcceptResponse(bool Applied, IReadOnlyList<int> Hunks)
{
    public string? RollbackPoint { get; init; }
    public long? EpisodeId { get; init; }
}

public sealed record RejectParams(string Proposal)
{
    public string? Reason { get; init; }
}
