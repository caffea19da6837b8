namespace CodeImprove.Memory;

/// <summary>How many episodes ended each way.</summary>
public sealed record DecisionCounts(int Accepted, int Rejected, int Cancelled, int Failed, int Pending)
{
    public static DecisionCounts None { get; } = new(0, 0, 0, 0, 0);

    public int Total => Accepted + Rejected + Cancelled + Failed + Pending;

    /// <summary>Accepted over the episodes the user judged (accepted + rejected); null before any was judged.</summary>
    public double? AcceptanceRate => Accepted + Rejected == 0 ? null : (double)Accepted / (Accepted + Rejected);
}

/// <summary>
/// One strategy's record. A Thompson-sampling policy reads <see cref="DecisionCounts.Accepted"/> and
/// <see cref="DecisionCounts.Rejected"/> as the successes and failures of its Beta belief.
/// </summary>
public sealed record StrategyStatistics(string Strategy, DecisionCounts Counts, double? AverageScoreDelta);

/// <summary>Decisions of the episodes started within [Start, Start + bucket size).</summary>
/// <param name="AverageLatencyMs">The mean of each episode's total recorded stage time (null when none recorded any).</param>
public sealed record TimeBucketStatistics(DateTimeOffset Start, DecisionCounts Counts, double? AverageLatencyMs);

/// <summary>Milliseconds one stage took over all episodes that recorded it.</summary>
public sealed record StageLatency(string Stage, int Count, double AverageMs, double MaxMs);

public sealed record EpisodeStatistics(
    DecisionCounts Overall,
    double? AverageScoreDelta,
    IReadOnlyList<StrategyStatistics> Strategies,
    TimeSpan BucketSize,
    IReadOnlyList<TimeBucketStatistics> OverTime,
    IReadOnlyList<StageLatency> StageLatencies,
    long PromptTokens,
    long CompletionTokens)
{
    public static EpisodeStatistics Empty(TimeSpan bucketSize) => new(DecisionCounts.None, null, [], bucketSize, [], [], 0, 0);

    /// <summary>Acceptance per window of <see cref="LearningWindow.Size"/> decided proposals, oldest first: does it rise with use?</summary>
    public IReadOnlyList<LearningWindow> LearningCurve { get; init; } = [];
}

/// <summary>The decided proposals (accepted or rejected) number <see cref="From"/> to <see cref="To"/> (1-based, in order) and how many were accepted.</summary>
public sealed record LearningWindow(int From, int To, double AcceptanceRate)
{
    public const int Size = 50;
}
