using CodeImprove.Engine.Strategies;
using CodeImprove.Engine;
using CodeImprove.Engine.Sessions;
using CodeImprove.Memory;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Conversions;

/// <summary>Episode memory records as the protocol's episode, list and statistics messages.</summary>
internal static class MemoryConversions
{
    public static string ToLsp(this EpisodeDecision decision) => decision.ToString().ToLowerInvariant();

    public static EpisodeDecision? ParseDecision(string? decision) => decision is null ? null
        : Enum.TryParse<EpisodeDecision>(decision, ignoreCase: true, out var parsed) ? parsed
        : throw new ArgumentException($"unknown decision '{decision}': use accepted, rejected, cancelled, failed or pending");

    public static EpisodeListItem ToLsp(this EpisodeSummary e) =>
        new(e.Id, e.Time, e.File, e.Strategy, e.Decision.ToLsp(), e.Instruction, e.CandidateCount) { ScoreDelta = e.ScoreDelta, ModelId = e.ModelId };

    public static EpisodeInfo ToLsp(this EpisodeDetail e) => new()
    {
        Id = e.Id,
        Time = e.Time,
        File = e.File,
        Span = new Protocol.Range(new Position(e.Span.StartLine, e.Span.StartCharacter), new Position(e.Span.EndLine, e.Span.EndCharacter)),
        Strategy = e.Strategy,
        Instruction = e.Instruction,
        Decision = e.Decision.ToLsp(),
        DecisionReason = e.DecisionReason,
        OriginalCode = e.OriginalCode,
        FinalCode = e.FinalCode,
        Diff = e.FinalCode is { } final ? TextDiff.Unified(e.OriginalCode, final, e.File) : null,
        ScoreDelta = e.ScoreDelta,
        ScoreBreakdown = e.ScoreBreakdown,
        Analysis = e.AnalysisSummary,
        ModelId = e.ModelId,
        StageTimings = e.StageTimings,
        PromptTokens = e.PromptTokens,
        CompletionTokens = e.CompletionTokens,
        RollbackPointId = e.RollbackPointId,
        Candidates = [.. e.Candidates.Select(c => new EpisodeCandidateInfo(c.Id, c.Cycle, c.Code, c.Fingerprint, c.Score, c.Analysis, c.Diff))],
        Reflections = [.. e.Reflections.Select(r => new ReflectionInfo(r.Cycle, r.Text))],
    };

    public static StatsResult ToLsp(this SessionStatistics session) => session.Statistics.ToLsp(session.Beliefs, session.Health) with
    {
        LearnedPreferences = [.. session.Preferences.Select(p => new FixPreferenceInfo(p.Rule, p.Accepted, p.Rejected, p.RejectedSinceAccept, p.Suppressed))],
        LearningCurve = [.. session.Statistics.LearningCurve.Select(w => new LearningWindowInfo(w.From, w.To, w.AcceptanceRate))],
    };

    private static StatsResult ToLsp(this EpisodeStatistics s, IReadOnlyList<StrategyBelief> beliefs, StoreHealth health) => new(
        s.Overall.ToLsp(),
        s.Overall.AcceptanceRate,
        s.AverageScoreDelta,
        [.. s.Strategies.Select(x => new StrategyStatsInfo(x.Strategy, x.Counts.ToLsp(), x.Counts.AcceptanceRate, x.AverageScoreDelta))],
        s.BucketSize.TotalDays,
        [.. s.OverTime.Select(b => new TimeBucketInfo(b.Start, b.Counts.ToLsp(), b.Counts.AcceptanceRate, b.AverageLatencyMs))],
        [.. s.StageLatencies.Select(l => new StageLatencyInfo(l.Stage, l.Count, l.AverageMs, l.MaxMs))],
        [.. beliefs.Select(b => new BeliefInfo(b.Strategy, b.Alpha, b.Beta, b.Mean))],
        s.PromptTokens,
        s.CompletionTokens,
        new StorageInfo(JsonNamingPolicyCamel(health.Mode.ToString()), health.Warning ?? health.RecoveryMessage));

    private static DecisionCountsInfo ToLsp(this DecisionCounts c) => new(c.Accepted, c.Rejected, c.Cancelled, c.Failed, c.Pending, c.Total);

    private static string JsonNamingPolicyCamel(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);
}
