namespace CodeImprove.Memory.Tests;

public sealed class StatisticsTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private sealed record Spec(string Strategy, EpisodeDecision Decision, double? Delta, double Generate, double? Analyze, int DaysAgo);

    [Fact]
    public async Task Statistics_are_computed_from_the_recorded_episodes()
    {
        var today = new DateTimeOffset(2026, 5, 20, 0, 0, 0, TimeSpan.Zero);
        var clock = new ManualClock(today);
        var random = new Random(11);
        var strategies = new[] { "simplify", "performance", "naming" };
        var decisions = Enum.GetValues<EpisodeDecision>();
        var specs = Enumerable.Range(0, 60).Select(_ => new Spec(
            strategies[random.Next(3)], decisions[random.Next(decisions.Length)],
            random.Next(4) == 0 ? null : Math.Round(random.NextDouble() * 10 - 3, 2),
            random.Next(100, 2000), random.Next(3) == 0 ? null : random.Next(5, 80), random.Next(4))).ToList();

        await using var store = await EpisodeStore.OpenAsync(EpisodeStoreOptions.ForWorkspace(folder.Path) with { Clock = clock });
        foreach (var spec in specs)
        {
            clock.Now = today.AddDays(-spec.DaysAgo).AddHours(random.Next(24));
            var timings = new Dictionary<string, double> { ["generate"] = spec.Generate };
            if (spec.Analyze is { } analyze)
            {
                timings["analyze"] = analyze;
            }
            var draft = Episodes.Draft(strategy: spec.Strategy, scoreDelta: spec.Delta, timings: timings) with { PromptTokens = 100, CompletionTokens = 7 };
            var id = (await store.AddEpisodeAsync(draft))!.Value;
            if (spec.Decision != EpisodeDecision.Pending)
            {
                await store.SetDecisionAsync(id, spec.Decision);
            }
        }

        var stats = await store.GetStatisticsAsync();

        Assert.Equal(Counts(specs), stats.Overall);
        Assert.Equal(specs.Count(s => s.Decision == EpisodeDecision.Accepted) / (double)specs.Count(s => s.Decision is EpisodeDecision.Accepted or EpisodeDecision.Rejected),
            stats.Overall.AcceptanceRate!.Value, 9);
        Assert.Equal(specs.Where(s => s.Delta is not null).Average(s => s.Delta!.Value), stats.AverageScoreDelta!.Value, 9);
        Assert.Equal((60L * 100, 60L * 7), (stats.PromptTokens, stats.CompletionTokens));

        Assert.Equal(strategies.Order(), stats.Strategies.Select(s => s.Strategy));
        foreach (var strategy in stats.Strategies)
        {
            var mine = specs.Where(s => s.Strategy == strategy.Strategy).ToList();
            Assert.Equal(Counts(mine), strategy.Counts);
            Assert.Equal(mine.Where(s => s.Delta is not null).Average(s => s.Delta!.Value), strategy.AverageScoreDelta!.Value, 9);
        }

        Assert.Equal(
            specs.GroupBy(s => s.DaysAgo).OrderByDescending(g => g.Key).Select(g => (today.AddDays(-g.Key), Counts([.. g]))),
            stats.OverTime.Select(b => (b.Start, b.Counts)));
        Assert.Equal(
            specs.GroupBy(s => s.DaysAgo).OrderByDescending(g => g.Key).Select(g => g.Average(s => s.Generate + (s.Analyze ?? 0))),
            stats.OverTime.Select(b => b.AverageLatencyMs!.Value), new ToleranceComparer(1e-9));

        var generate = stats.StageLatencies.Single(s => s.Stage == "generate");
        var analyzeStage = stats.StageLatencies.Single(s => s.Stage == "analyze");
        Assert.Equal((60, specs.Average(s => s.Generate), specs.Max(s => s.Generate)), (generate.Count, generate.AverageMs, generate.MaxMs));
        var analyzed = specs.Where(s => s.Analyze is not null).ToList();
        Assert.Equal((analyzed.Count, analyzed.Average(s => s.Analyze!.Value)), (analyzeStage.Count, analyzeStage.AverageMs));
    }

    [Fact]
    public async Task Buckets_follow_the_requested_size_and_count()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = new ManualClock(start);
        await using var store = await EpisodeStore.OpenAsync(EpisodeStoreOptions.ForWorkspace(folder.Path) with { Clock = clock });
        for (var hour = 0; hour < 10; hour++)
        {
            clock.Now = start.AddHours(hour).AddMinutes(30);
            await store.AddEpisodeAsync(Episodes.Draft(decision: hour % 2 == 0 ? EpisodeDecision.Accepted : EpisodeDecision.Rejected));
        }

        var stats = await store.GetStatisticsAsync(TimeSpan.FromHours(4), maxBuckets: 2);

        // Hours 0-9 fall into [0,4), [4,8), [8,12); the latest two are returned, oldest first.
        Assert.Equal([start.AddHours(4), start.AddHours(8)], stats.OverTime.Select(b => b.Start));
        Assert.Equal([new DecisionCounts(2, 2, 0, 0, 0), new DecisionCounts(1, 1, 0, 0, 0)], stats.OverTime.Select(b => b.Counts));
    }

    [Fact]
    public async Task The_learning_curve_is_acceptance_per_50_decided_proposals_in_order()
    {
        await using var store = await EpisodeStore.OpenAsync(EpisodeStoreOptions.ForWorkspace(folder.Path));
        // 120 decided (first 50: 10 accepted; next 50: 40; last 20: 15), with undecided ones between that do not count.
        for (var i = 0; i < 120; i++)
        {
            var accepted = i < 50 ? i % 5 == 0 : i < 100 ? i % 5 != 0 : i % 4 != 0;
            var id = (await store.AddEpisodeAsync(Episodes.Draft()))!.Value;
            await store.SetDecisionAsync(id, accepted ? EpisodeDecision.Accepted : EpisodeDecision.Rejected);
            await store.AddEpisodeAsync(Episodes.Draft()); // pending
        }

        var curve = (await store.GetStatisticsAsync()).LearningCurve;

        Assert.Equal([new LearningWindow(1, 50, 0.2), new LearningWindow(51, 100, 0.8), new LearningWindow(101, 120, 0.75)], curve);
    }

    [Fact]
    public async Task An_empty_store_has_no_rates()
    {
        await using var store = await EpisodeStore.OpenAsync(EpisodeStoreOptions.ForWorkspace(folder.Path));

        var stats = await store.GetStatisticsAsync();

        Assert.Equal((0, null, null), (stats.Overall.Total, stats.Overall.AcceptanceRate, stats.AverageScoreDelta));
        Assert.Empty(stats.Strategies);
        Assert.Empty(stats.StageLatencies);
    }

    private static DecisionCounts Counts(IReadOnlyCollection<Spec> specs) => new(
        specs.Count(s => s.Decision == EpisodeDecision.Accepted),
        specs.Count(s => s.Decision == EpisodeDecision.Rejected),
        specs.Count(s => s.Decision == EpisodeDecision.Cancelled),
        specs.Count(s => s.Decision == EpisodeDecision.Failed),
        specs.Count(s => s.Decision == EpisodeDecision.Pending));

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Abs(x));

        public int GetHashCode(double value) => 0;
    }
}
