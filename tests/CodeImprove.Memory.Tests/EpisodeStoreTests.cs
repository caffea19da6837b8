using Microsoft.Data.Sqlite;

namespace CodeImprove.Memory.Tests;

public sealed class EpisodeStoreTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private Task<EpisodeStore> OpenAsync(TimeProvider? clock = null) =>
        EpisodeStore.OpenAsync(EpisodeStoreOptions.ForWorkspace(folder.Path) with { Clock = clock ?? TimeProvider.System });

    [Fact]
    public async Task Opening_creates_an_ignored_state_folder_with_a_WAL_database_at_the_current_schema()
    {
        await using (var store = await OpenAsync())
        {
            Assert.Equal(folder.DatabasePath, store.DatabasePath);
            Assert.Equal(new StoreHealth(StoreMode.ReadWrite, null, null), store.Health);
        }

        Assert.Equal("*\n", File.ReadAllText(Path.Combine(folder.Path, ".codeimprove", ".gitignore")));
        using var raw = new SqliteConnection($"Data Source={folder.DatabasePath}");
        raw.Open();
        Assert.Equal("wal", Scalar(raw, "PRAGMA journal_mode"));
        Assert.Equal(2L, Scalar(raw, "PRAGMA user_version"));
        Assert.Equal(1L, Scalar(raw, "SELECT count(*) FROM sqlite_master WHERE name = 'episode_vectors' AND sql LIKE '%vec0%'"));
    }

    [Fact]
    public async Task Reopening_keeps_the_schema_and_the_data()
    {
        long id;
        await using (var store = await OpenAsync())
        {
            id = (await store.AddEpisodeAsync(Episodes.Draft()))!.Value;
        }
        var before = File.ReadAllBytes(folder.DatabasePath);

        await using (var again = await OpenAsync())
        {
            Assert.Equal(StoreMode.ReadWrite, again.Health.Mode);
            Assert.NotNull(await again.GetEpisodeAsync(id));
            Assert.Equal(1, (await again.QueryEpisodesAsync(new EpisodeQuery())).Total);
        }

        // A second open ran no migration and rebuilt no index: the file is unchanged.
        Assert.Equal(before, File.ReadAllBytes(folder.DatabasePath));
    }

    [Fact]
    public async Task An_episode_round_trips_with_candidates_reflections_and_decision()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.Zero));
        await using var store = await OpenAsync(clock);
        var draft = Episodes.Draft() with
        {
            Language = "csharp",
            FinalCode = "int Add(int a, int b) => a + b;",
            ScoreDelta = 2.5,
            ScoreBreakdown = new Dictionary<string, double> { ["diagnostics"] = 1, ["complexity"] = 1.5 },
            AnalysisSummary = Episodes.Json("""{"compiles":true,"warnings":[]}"""),
            ModelId = "qwen2.5-coder-0.5b-q8",
            StageTimings = new Dictionary<string, double> { ["generate"] = 812.5, ["analyze"] = 40 },
            PromptTokens = 420,
            CompletionTokens = 37,
        };

        var id = (await store.AddEpisodeAsync(draft))!.Value;
        clock.Now = clock.Now.AddSeconds(5);
        var candidate = await store.AddCandidateAsync(id, new CandidateDraft
        {
            Cycle = 1,
            Code = "int Add(int a, int b) => a + b;",
            Fingerprint = "sha256:abc",
            Score = 7.5,
            Analysis = Episodes.Json("""{"diagnostics":0}"""),
            Diff = "-{ return a + b; }\n+=> a + b;",
        });
        var reflection = await store.AddReflectionAsync(id, 1, "The body is a single return; use an expression body.");
        clock.Now = clock.Now.AddSeconds(5);
        Assert.True(await store.SetDecisionAsync(id, EpisodeDecision.Accepted, "looks good", "rp-17"));

        var episode = (await store.GetEpisodeAsync(id))!;
        Assert.Equal(clock.Now.AddSeconds(-10), episode.Time);
        Assert.Equal(clock.Now, episode.DecidedAt);
        Assert.Equal((draft.Workspace, draft.File, draft.Span, draft.Language, draft.Instruction, draft.Strategy),
            (episode.Workspace, episode.File, episode.Span, episode.Language, episode.Instruction, episode.Strategy));
        Assert.Equal((draft.OriginalCode, draft.FinalCode, draft.ScoreDelta, draft.ModelId, draft.PromptTokens, draft.CompletionTokens),
            (episode.OriginalCode, episode.FinalCode, episode.ScoreDelta, episode.ModelId, episode.PromptTokens, episode.CompletionTokens));
        Assert.Equal(draft.ScoreBreakdown, episode.ScoreBreakdown);
        Assert.Equal(draft.StageTimings, episode.StageTimings);
        Assert.True(episode.AnalysisSummary!.Value.GetProperty("compiles").GetBoolean());
        Assert.Equal((EpisodeDecision.Accepted, "looks good", "rp-17"), (episode.Decision, episode.DecisionReason, episode.RollbackPointId));

        var storedCandidate = Assert.Single(episode.Candidates);
        Assert.Equal((candidate!.Value, 1, "sha256:abc", 7.5), (storedCandidate.Id, storedCandidate.Cycle, storedCandidate.Fingerprint, storedCandidate.Score));
        Assert.Equal(0, storedCandidate.Analysis!.Value.GetProperty("diagnostics").GetInt32());
        Assert.StartsWith("-{ return", storedCandidate.Diff);
        var storedReflection = Assert.Single(episode.Reflections);
        Assert.Equal((reflection!.Value, 1), (storedReflection.Id, storedReflection.Cycle));
        Assert.Contains("expression body", storedReflection.Text);
    }

    [Fact]
    public async Task A_decision_can_replace_the_final_code_when_only_part_was_kept()
    {
        await using var store = await OpenAsync();
        var id = (await store.AddEpisodeAsync(Episodes.Draft(finalCode: "proposed")))!.Value;

        await store.SetDecisionAsync(id, EpisodeDecision.Accepted, finalCode: "partly kept");
        Assert.Equal("partly kept", (await store.GetEpisodeAsync(id))!.FinalCode);

        await store.SetDecisionAsync(id, EpisodeDecision.Rejected, "rolled back");
        var episode = (await store.GetEpisodeAsync(id))!;
        Assert.Equal(("partly kept", EpisodeDecision.Rejected, "rolled back"), (episode.FinalCode, episode.Decision, episode.DecisionReason));
    }

    [Fact]
    public async Task Records_for_an_unknown_episode_are_refused_without_throwing()
    {
        await using var store = await OpenAsync();

        Assert.Null(await store.AddCandidateAsync(4242, new CandidateDraft { Cycle = 1, Code = "x", Fingerprint = "f" }));
        Assert.Null(await store.AddReflectionAsync(4242, 1, "text"));
        Assert.False(await store.SetDecisionAsync(4242, EpisodeDecision.Accepted));
        Assert.Null(await store.GetEpisodeAsync(4242));
        Assert.Equal(StoreMode.ReadWrite, store.Health.Mode);
    }

    [Fact]
    public async Task The_database_path_is_configurable_and_needs_no_state_folder()
    {
        var path = Path.Combine(folder.Path, "elsewhere", "memory.sqlite");
        await using var store = await EpisodeStore.OpenAsync(new EpisodeStoreOptions { DatabasePath = path });

        Assert.NotNull(await store.AddEpisodeAsync(Episodes.Draft()));
        Assert.True(File.Exists(path));
        Assert.False(File.Exists(Path.Combine(folder.Path, "elsewhere", ".gitignore")));
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
