namespace CodeImprove.Memory.Tests;

/// <summary>A clock the test moves by hand, so episode times (and the statistics' buckets) are known.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
