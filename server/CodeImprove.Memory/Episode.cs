using System.Text.Json;

namespace CodeImprove.Memory;

/// <summary>One row of an episode list (what <c>codeImprove/episodes</c> pages through).</summary>
public sealed record EpisodeSummary(
    long Id,
    DateTimeOffset Time,
    string File,
    SourceSpan Span,
    string Language,
    string Instruction,
    string Strategy,
    EpisodeDecision Decision,
    double? ScoreDelta,
    string? ModelId,
    int CandidateCount);

/// <summary>Everything recorded about one episode (what <c>codeImprove/episode</c> returns).</summary>
public sealed record EpisodeDetail
{
    public required long Id { get; init; }
    public required DateTimeOffset Time { get; init; }
    public required string Workspace { get; init; }
    public required string File { get; init; }
    public required SourceSpan Span { get; init; }
    public required string Language { get; init; }
    public required string Instruction { get; init; }
    public required string Strategy { get; init; }
    public required string OriginalCode { get; init; }
    public string? FinalCode { get; init; }
    public required EpisodeDecision Decision { get; init; }
    public string? DecisionReason { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public double? ScoreDelta { get; init; }
    public required IReadOnlyDictionary<string, double> ScoreBreakdown { get; init; }
    public JsonElement? AnalysisSummary { get; init; }
    public string? ModelId { get; init; }
    public required IReadOnlyDictionary<string, double> StageTimings { get; init; }
    public int PromptTokens { get; init; }
    public int CompletionTokens { get; init; }
    public string? RollbackPointId { get; init; }
    public required IReadOnlyList<CandidateRecord> Candidates { get; init; }
    public required IReadOnlyList<ReflectionRecord> Reflections { get; init; }
}

public sealed record CandidateRecord(
    long Id,
    int Cycle,
    string Code,
    string Fingerprint,
    double? Score,
    JsonElement? Analysis,
    string? Diff,
    DateTimeOffset Time);

public sealed record ReflectionRecord(long Id, int Cycle, string Text, DateTimeOffset Time);
