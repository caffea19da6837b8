using Microsoft.Data.Sqlite;

namespace CodeImprove.Memory.Tests;

/// <summary>Two language servers on one workspace: separate stores (and processes) writing one database.</summary>
public sealed class ConcurrencyTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private EpisodeStoreOptions Options => EpisodeStoreOptions.ForWorkspace(folder.Path);

    [Fact]
    public async Task Two_stores_writing_at_once_lose_nothing()
    {
        await using var first = await EpisodeStore.OpenAsync(Options);
        await using var second = await EpisodeStore.OpenAsync(Options);

        async Task<List<long>> WriteAsync(EpisodeStore store, string strategy)
        {
            var ids = new List<long>();
            for (var i = 0; i < 150; i++)
            {
                var id = (await store.AddEpisodeAsync(Episodes.Draft(code: $"int {strategy}{i}() => {i};", strategy: strategy)))!.Value;
                Assert.NotNull(await store.AddCandidateAsync(id, new CandidateDraft { Cycle = 1, Code = "c", Fingerprint = $"{strategy}{i}" }));
                Assert.True(await store.SetDecisionAsync(id, EpisodeDecision.Accepted));
                ids.Add(id);
            }
            return ids;
        }

        var written = await Task.WhenAll(Task.Run(() => WriteAsync(first, "left")), Task.Run(() => WriteAsync(second, "right")));

        Assert.Equal(300, written.SelectMany(ids => ids).Distinct().Count());
        var stats = await first.GetStatisticsAsync();
        Assert.Equal([("left", 150), ("right", 150)], stats.Strategies.Select(s => (s.Strategy, s.Counts.Accepted)));
        Assert.Single((await second.GetEpisodeAsync(written[0][^1]))!.Candidates);
        Assert.Equal(StoreMode.ReadWrite, first.Health.Mode);
        Assert.Equal(StoreMode.ReadWrite, second.Health.Mode);
        AssertIntact();
    }

    [Fact]
    public async Task Two_processes_and_this_one_writing_at_once_lose_nothing()
    {
        const int PerChild = 200;
        await using var store = await EpisodeStore.OpenAsync(Options);
        var children = Task.WhenAll(new[] { "child1", "child2" }
            .Select(tag => ChildProcess.RunAsync(ChildProcess.WriteEpisodes, $"{folder.DatabasePath}|{PerChild}|{tag}")));
        // This process keeps writing for as long as the children do, so all three contend for the lock.
        var parentWrites = 0;
        while (!children.IsCompleted && parentWrites < 20_000)
        {
            Assert.NotNull(await store.AddEpisodeAsync(Episodes.Draft(code: $"int parent{parentWrites}() => 1;", strategy: "parent", decision: EpisodeDecision.Accepted)));
            parentWrites++;
        }
        await children;

        var stats = await store.GetStatisticsAsync();
        Assert.Equal([("child1", PerChild), ("child2", PerChild), ("parent", parentWrites)], stats.Strategies.Select(s => (s.Strategy, s.Counts.Accepted)));
        // Every child's episode went into the vector index with its decision too.
        var similar = await store.FindSimilarAsync(new SimilarityQuery { Code = "int child27() => 7;", K = 1 });
        Assert.Equal(("child2", "int child27() => 7;"), (Assert.Single(similar).Strategy, similar[0].OriginalCode));
        AssertIntact();
    }

    private void AssertIntact()
    {
        using var raw = new SqliteConnection($"Data Source={folder.DatabasePath};Pooling=False");
        raw.Open();
        using var command = raw.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", command.ExecuteScalar());
    }
}
