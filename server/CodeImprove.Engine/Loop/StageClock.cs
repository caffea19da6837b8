namespace CodeImprove.Engine.Loop;

/// <summary>Milliseconds spent per stage, measured with the injected clock.</summary>
internal sealed class StageClock(TimeProvider clock)
{
    private readonly Dictionary<string, double> _totals = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, double> Totals => _totals;

    public async Task<T> TimeAsync<T>(string stage, Func<Task<T>> work)
    {
        var start = clock.GetTimestamp();
        try
        {
            return await work();
        }
        finally
        {
            _totals[stage] = Math.Round(_totals.GetValueOrDefault(stage) + clock.GetElapsedTime(start).TotalMilliseconds, 1);
        }
    }
}
