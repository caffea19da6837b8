using System.Text.Json;

namespace CodeImprove.Protocol;

/// <summary><c>codeImprove/episodes</c>: a filtered page, newest first.</summary>
public sealed record EpisodesParams
{
    /// <summary>The workspace folder (URI) whose memory or history to read, in a multi-root workspace; null: the first.</summary>
    public string? Folder { get; init; }

    public string? File { get; init; }
    public string? Decision { get; init; }
    public string? Strategy { get; init; }
    public string? Text { get; init; }
    public int? Offset { get; init; }
    public int? Limit { get; init; }
}

public sealed record EpisodeListItem(
    long Id, DateTimeOffset Time, string File, string Strategy, string Decision, string Instruction, int CandidateCount)
{
    public double? ScoreDelta { get; init; }
    public string? ModelId { get; init; }
}

public sealed record EpisodesResult(IReadOnlyList<EpisodeListItem> Items, int Total, int Offset, int Limit);

public sealed record EpisodeParams(long Id)
{
    /// <summary>The workspace folder (URI) whose memory or history to read, in a multi-root workspace; null: the first.</summary>
    public string? Folder { get; init; }
}

/// <summary><c>codeImprove/stats</c>.</summary>
public sealed record StatsParams
{
    /// <summary>The workspace folder (URI) whose memory or history to read, in a multi-root workspace; null: the first.</summary>
    public string? Folder { get; init; }
}

public sealed record EpisodeInfo
{
    public required long Id { get; init; }
    public required DateTimeOffset Time { get; init; }
    public required string File { get; init; }
    public required Range Span { get; init; }
    public required string Strategy { get; init; }
    public required string Instruction { get; init; }
    public required string Decision { get; init; }
    public string? DecisionReason { get; init; }
    public required string OriginalCode { get; init; }
    public string? FinalCode { get; init; }
    /// <summary>Unified diff from the original to the final code.</summary>
    public string? Diff { get; init; }
    public double? ScoreDelta { get; init; }
    public required IReadOnlyDictionary<string, double> ScoreBreakdown { get; init; }
    public JsonElement? Analysis { get; init; }
    public string? ModelId { get; init; }
    public required IReadOnlyDictionary<string, double> StageTimings { get; init; }
    public int PromptTokens { get; init; }
    public int CompletionTokens { get; init; }
    public string? RollbackPointId { get; init; }
    public required IReadOnlyList<EpisodeCandidateInfo> Candidates { get; init; }
    public required IReadOnlyList<ReflectionInfo> Reflections { get; init; }
}

public sealed record EpisodeCandidateInfo(long Id, int Cycle, string Code, string Fingerprint, double? Score, JsonElement? Analysis, string? Diff);

public sealed record ReflectionInfo(int Cycle, string Text);

public sealed record DecisionCountsInfo(int Accepted, int Rejected, int Cancelled, int Failed, int Pending, int Total);

public sealed record StrategyStatsInfo(string Strategy, DecisionCountsInfo Counts, double? AcceptanceRate, double? AverageScoreDelta);

public sealed record TimeBucketInfo(DateTimeOffset Start, DecisionCountsInfo Counts, double? AcceptanceRate, double? AverageLatencyMs);

public sealed record StageLatencyInfo(string Stage, int Count, double AverageMs, double MaxMs);

public sealed record BeliefInfo(string Strategy, double Alpha, double Beta, double Mean);

/// <param name="Mode">readWrite, readOnly or unavailable.</param>
public sealed record StorageInfo(string Mode, string? Warning);

public sealed record StatsResult(
    DecisionCountsInfo Overall,
    double? AcceptanceRate,
    double? AverageScoreDelta,
    IReadOnlyList<StrategyStatsInfo> Strategies,
    double BucketDays,
    IReadOnlyList<TimeBucketInfo> OverTime,
    IReadOnlyList<StageLatencyInfo> StageLatencies,
    IReadOnlyList<BeliefInfo> Beliefs,
    long PromptTokens,
    long CompletionTokens,
    StorageInfo Storage)
{
    /// <summary>The code fixes the user accepts or rejects, by rule; a suppressed one is no longer proposed (see <c>codeImprove/resetPreferences</c>).</summary>
    public IReadOnlyList<FixPreferenceInfo> LearnedPreferences { get; init; } = [];

    /// <summary>Acceptance per 50 decided proposals, oldest first (<c>codeimprove bench learning</c> measures the same curve on a simulated user).</summary>
    public IReadOnlyList<LearningWindowInfo> LearningCurve { get; init; } = [];
}

public sealed record LearningWindowInfo(int From, int To, double AcceptanceRate);

public sealed record FixPreferenceInfo(string Rule, int Accepted, int Rejected, int RejectedSinceAccept, bool Suppressed);

/// <summary><c>codeImprove/resetPreferences</c>: forget the learned code-fix preferences of a folder.</summary>
public sealed record ResetPreferencesParams
{
    /// <summary>The workspace folder (URI); null: the first.</summary>
    public string? Folder { get; init; }
}

public sealed record ResetPreferencesResult(int Forgotten);
