using Microsoft.Data.Sqlite;

namespace CodeImprove.Memory.Tests;

public sealed class FaultTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private EpisodeStoreOptions Options => EpisodeStoreOptions.ForWorkspace(folder.Path);

    [Fact]
    public async Task A_file_of_random_bytes_is_moved_aside_and_replaced()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(folder.DatabasePath)!);
        var garbage = new byte[64 * 1024];
        new Random(3).NextBytes(garbage);
        File.WriteAllBytes(folder.DatabasePath, garbage);

        await using var store = await EpisodeStore.OpenAsync(Options);

        AssertRecovered(store, garbage);
    }

    [Fact]
    public async Task A_truncated_database_is_moved_aside_and_replaced()
    {
        await using (var store = await EpisodeStore.OpenAsync(Options))
        {
            foreach (var code in Enumerable.Range(0, 300).Select(i => string.Concat(Enumerable.Repeat($"int M{i}() => {i};\n", 20))))
            {
                await store.AddEpisodeAsync(Episodes.Draft(code: code));
            }
        }
        var whole = File.ReadAllBytes(folder.DatabasePath);
        var truncated = whole[..(whole.Length / 2)];
        File.WriteAllBytes(folder.DatabasePath, truncated);

        await using var reopened = await EpisodeStore.OpenAsync(Options);

        AssertRecovered(reopened, truncated);
    }

    [Fact]
    public async Task An_empty_database_file_is_reported_and_moved_aside_like_a_corrupt_one()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(folder.DatabasePath)!);
        File.WriteAllBytes(folder.DatabasePath, []);

        await using var reopened = await EpisodeStore.OpenAsync(Options);

        AssertRecovered(reopened, []);
        Assert.Contains("empty (0 bytes)", reopened.Health.RecoveryMessage);
    }

    private void AssertRecovered(EpisodeStore store, byte[] damaged)
    {
        Assert.Equal(StoreMode.ReadWrite, store.Health.Mode);
        Assert.Contains("moved to", store.Health.RecoveryMessage);
        var movedAside = Assert.Single(Directory.GetFiles(Path.GetDirectoryName(folder.DatabasePath)!, "episodes.db.corrupt-*"));
        Assert.Contains(movedAside, store.Health.RecoveryMessage);
        Assert.Equal(damaged, File.ReadAllBytes(movedAside));
        Assert.NotNull(store.AddEpisodeAsync(Episodes.Draft()).GetAwaiter().GetResult());
    }

    [Fact]
    public async Task A_read_only_folder_keeps_the_history_readable_and_skips_writes()
    {
        long id;
        await using (var store = await EpisodeStore.OpenAsync(Options))
        {
            id = (await store.AddEpisodeAsync(Episodes.Draft(decision: EpisodeDecision.Accepted, finalCode: "int Add(int a, int b) => a + b;")))!.Value;
        }
        folder.MakeReadOnly(Path.GetDirectoryName(folder.DatabasePath)!);

        await using var readOnly = await EpisodeStore.OpenAsync(Options);

        Assert.Equal(StoreMode.ReadOnly, readOnly.Health.Mode);
        Assert.Contains("not writable", readOnly.Health.Warning);
        Assert.Null(await readOnly.AddEpisodeAsync(Episodes.Draft()));
        Assert.False(await readOnly.SetDecisionAsync(id, EpisodeDecision.Rejected));
        Assert.Equal(EpisodeDecision.Accepted, (await readOnly.GetEpisodeAsync(id))!.Decision);
        Assert.Equal(id, Assert.Single(await readOnly.FindSimilarAsync(new SimilarityQuery { Code = "int Add(int a, int b) { return a + b; }" })).Id);
    }

    [Fact]
    public async Task A_workspace_that_cannot_hold_a_database_leaves_the_store_unavailable()
    {
        folder.MakeReadOnly(folder.Path);

        await using var store = await EpisodeStore.OpenAsync(Options);

        Assert.Equal(StoreMode.Unavailable, store.Health.Mode);
        Assert.Contains(".codeimprove", store.Health.Warning);
        Assert.Null(await store.AddEpisodeAsync(Episodes.Draft()));
        Assert.Equal(0, (await store.QueryEpisodesAsync(new EpisodeQuery())).Total);
        Assert.Empty(await store.FindSimilarAsync(new SimilarityQuery { Code = "x" }));
        Assert.Equal(0, (await store.GetStatisticsAsync()).Overall.Total);
    }

    [Fact]
    public async Task A_full_database_stops_writing_with_a_warning_and_keeps_what_it_has()
    {
        var changes = new List<StoreHealth>();
        await using var store = await EpisodeStore.OpenAsync(Options with { MaxDatabaseBytes = 512 * 1024 });
        store.HealthChanged += changes.Add;
        var bigMethod = string.Concat(Enumerable.Range(0, 400).Select(i => $"var v{i} = Compute({i});\n"));

        var recorded = new List<long>();
        for (var i = 0; i < 200 && store.Health.CanWrite; i++)
        {
            if (await store.AddEpisodeAsync(Episodes.Draft(code: $"// {i}\n" + bigMethod)) is { } id)
            {
                recorded.Add(id);
            }
        }

        Assert.Equal(StoreMode.ReadOnly, store.Health.Mode);
        Assert.Contains("full", store.Health.Warning);
        Assert.Equal([store.Health], changes);
        Assert.InRange(recorded.Count, 5, 199);
        Assert.Null(await store.AddEpisodeAsync(Episodes.Draft()));
        Assert.Equal(recorded.Count, (await store.QueryEpisodesAsync(new EpisodeQuery())).Total);
        Assert.NotNull(await store.GetEpisodeAsync(recorded[^1]));
    }

    [Fact]
    public async Task A_database_from_a_newer_build_is_opened_read_only()
    {
        long id;
        await using (var store = await EpisodeStore.OpenAsync(Options))
        {
            id = (await store.AddEpisodeAsync(Episodes.Draft()))!.Value;
        }
        using (var raw = new SqliteConnection($"Data Source={folder.DatabasePath};Pooling=False"))
        {
            raw.Open();
            using var command = raw.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99";
            command.ExecuteNonQuery();
        }

        await using var newer = await EpisodeStore.OpenAsync(Options);

        Assert.Equal(StoreMode.ReadOnly, newer.Health.Mode);
        Assert.Contains("schema version 99", newer.Health.Warning);
        Assert.NotNull(await newer.GetEpisodeAsync(id));
        Assert.Null(await newer.AddEpisodeAsync(Episodes.Draft()));
    }
}
