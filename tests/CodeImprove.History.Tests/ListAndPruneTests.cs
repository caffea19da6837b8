namespace CodeImprove.History.Tests;

public sealed class ListAndPruneTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Test double for the clock: time moves only when the test says so.</summary>
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task List_is_newest_first_with_episode_time_files_and_state()
    {
        using var repo = GitRepo.WithCommit(("a.txt", "1\n"), ("b.txt", "1\n"));
        var clock = new ManualClock(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        using var store = RollbackPointStore.Open(repo.Path, new HistoryOptions { Time = clock });
        await store.ApplyAsync("ep-1", Bytes.Edits(("a.txt", "2\n")), Ct);
        clock.Now = clock.Now.AddHours(1);
        var second = await store.ApplyAsync("ep-2", Bytes.Edits(("a.txt", "3\n"), ("b.txt", "2\n")), Ct);
        clock.Now = clock.Now.AddHours(1);
        await store.BeginApplyAsync("ep-3", Bytes.Edits(("b.txt", "2\n")), cancellationToken: Ct);

        var points = await store.ListAsync(Ct);

        Assert.Equal(["ep-3", "ep-2", "ep-1"], points.Select(p => p.EpisodeId));
        Assert.Equal([PointState.Incomplete, PointState.Complete, PointState.Complete], points.Select(p => p.State));
        Assert.Equal(["a.txt", "b.txt"], points[1].Files);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 13, 0, 0, TimeSpan.Zero), points[1].Time);
        Assert.Equal(second.Id, points[1].Id);
    }

    [Fact]
    public async Task A_history_opens_and_lists_while_another_process_holds_the_writers_lock()
    {
        using var repo = GitRepo.WithCommit(("a.txt", "1\n"));
        using (var writer = RollbackPointStore.Open(repo.Path))
        {
            await writer.ApplyAsync("ep-1", Bytes.Edits(("a.txt", "2\n")), Ct);
        }
        // What a CLI apply in progress (or a read-only file system) looks like to the server: the lock cannot be taken.
        using var held = new FileStream(Path.Combine(repo.Full(".git"), "codeimprove-history.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        using var store = RollbackPointStore.Open(repo.Path, new HistoryOptions { LockTimeout = TimeSpan.FromMilliseconds(100) });

        Assert.Equal(["ep-1"], (await store.ListAsync(Ct)).Select(p => p.EpisodeId));
        var refused = await Assert.ThrowsAsync<HistoryException>(() => store.ApplyAsync("ep-2", Bytes.Edits(("a.txt", "3\n")), Ct));
        Assert.Contains("locked by another process", refused.Message);
    }

    [Fact]
    public async Task Prune_by_count_and_age_keeps_newest_points_their_ids_and_incomplete_ones()
    {
        using var repo = GitRepo.WithCommit(("a.txt", "0\n"), ("b.txt", "0\n"));
        var clock = new ManualClock(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var store = RollbackPointStore.Open(repo.Path, new HistoryOptions { Time = clock });
        var interrupted = await store.BeginApplyAsync("ep-interrupted", Bytes.Edits(("b.txt", "0\n")), cancellationToken: Ct);
        var ids = new List<string>();
        for (var day = 1; day <= 6; day++)
        {
            clock.Now = clock.Now.AddDays(1);
            ids.Add((await store.ApplyAsync($"ep-{day}", Bytes.Edits(("a.txt", $"{day}\n")), Ct)).Id);
        }

        Assert.Equal(2, await store.PruneAsync(new PruneOptions(MaxPoints: null, MaxAgeDays: 3.5), Ct)); // drops days 1 and 2 (now is day 6)
        Assert.Equal(2, await store.PruneAsync(new PruneOptions(MaxPoints: 2, MaxAgeDays: null), Ct));   // keeps the newest 2 and the incomplete one
        Assert.Equal(0, await store.PruneAsync(new PruneOptions(MaxPoints: 3, MaxAgeDays: 30), Ct));

        var points = await store.ListAsync(Ct);
        Assert.Equal([ids[5], ids[4], interrupted], points.Select(p => p.Id));
        Assert.Equal(PointState.Incomplete, points[2].State);
        Assert.Equal(7, repo.Git("rev-list", "refs/codeimprove/timeline").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // before+intent+after twice, before alone for the interrupted one
        // Surviving points still roll back exactly after the rewrite.
        await store.RollbackAsync(ids[5], RollbackMode.Strict, Ct);
        Assert.Equal("5\n", File.ReadAllText(repo.Full("a.txt")));
        Assert.Contains($"refs/codeimprove/pending/{interrupted}", repo.Git("for-each-ref", "refs/codeimprove/pending"));
        Assert.Equal(repo.Git("rev-parse", $"refs/codeimprove/pending/{interrupted}").Trim(),
            repo.Git("rev-list", "refs/codeimprove/timeline", $"--grep=^CodeImprove-Point: {interrupted}$").Trim());
        await Assert.ThrowsAsync<HistoryException>(() => store.PruneAsync(new PruneOptions(-1, null), Ct));
    }
}
