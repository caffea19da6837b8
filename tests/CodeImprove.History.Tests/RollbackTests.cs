using System.Text;

namespace CodeImprove.History.Tests;

/// <summary>Rollback rules: exact restore, refusal naming changed lines, hunk-only revert in merge mode, and rollbacks that can themselves be undone.</summary>
public sealed class RollbackTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Before = "line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8\nline 9\n";
    private const string After = "line 1\nline 2 improved\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8\nline 9\n";

    [Fact]
    public async Task Strict_rollback_refuses_a_file_changed_after_the_edit_and_names_the_lines()
    {
        using var repo = GitRepo.WithCommit(("a.txt", Before), ("b.txt", "b\n"));
        using var store = RollbackPointStore.Open(repo.Path);
        await store.ApplyAsync("ep-1", Bytes.Edits(("a.txt", After), ("b.txt", "b improved\n")), Ct);
        var userEdit = After.Replace("line 7\nline 8\n", "line 7 by user\nline 8 by user\n");
        repo.Write("a.txt", userEdit);
        var status = repo.DeveloperState();

        var refused = await Assert.ThrowsAsync<RollbackConflictException>(() => store.RollbackAsync("ep-1", RollbackMode.Strict, Ct));

        var conflict = Assert.Single(refused.Conflicts);
        Assert.Equal("a.txt", conflict.Path);
        Assert.Equal([new LineRange(7, 8)], conflict.ChangedLines);
        Assert.Contains("a.txt (changed after the edit; lines 7-8)", refused.Message);
        // Nothing was written and nothing recorded.
        Assert.Equal(userEdit, File.ReadAllText(repo.Full("a.txt")));
        Assert.Equal("b improved\n", File.ReadAllText(repo.Full("b.txt")));
        Assert.Equal(status, repo.DeveloperState());
        Assert.Single(await store.ListAsync(Ct));
    }

    [Fact]
    public async Task Merge_rollback_reverts_only_the_edits_hunks_and_keeps_later_changes()
    {
        using var repo = GitRepo.WithCommit(("a.txt", Before.Replace("\n", "\r\n")));
        using var store = RollbackPointStore.Open(repo.Path);
        await store.ApplyAsync("ep-1", Bytes.Edits(("a.txt", After.Replace("\n", "\r\n"))), Ct);
        repo.Write("a.txt", After.Replace("line 8\n", "line 8 by user\n").Replace("\n", "\r\n"));

        var rollback = await store.RollbackAsync("ep-1", RollbackMode.Merge, Ct);

        Assert.Equal(["a.txt"], rollback.Plan.MergedFiles);
        Assert.Equal(Before.Replace("line 8\n", "line 8 by user\n").Replace("\n", "\r\n"), File.ReadAllText(repo.Full("a.txt")));
        // The rollback is a point whose before-bytes are the user's version, so undoing it brings that back.
        await store.RollbackAsync(rollback.Recorded.Id, RollbackMode.Strict, Ct);
        Assert.Equal(After.Replace("line 8\n", "line 8 by user\n").Replace("\n", "\r\n"), File.ReadAllText(repo.Full("a.txt")));
    }

    [Fact]
    public async Task Merge_rollback_refuses_when_a_later_change_overlaps_the_edits_hunk()
    {
        using var repo = GitRepo.WithCommit(("a.txt", Before));
        using var store = RollbackPointStore.Open(repo.Path);
        await store.ApplyAsync("ep-1", Bytes.Edits(("a.txt", After)), Ct);
        var userEdit = After.Replace("line 2 improved\n", "line 2 improved further\n");
        repo.Write("a.txt", userEdit);

        var refused = await Assert.ThrowsAsync<RollbackConflictException>(() => store.RollbackAsync("ep-1", RollbackMode.Merge, Ct));

        Assert.Equal([new LineRange(2, 2)], Assert.Single(refused.Conflicts).ChangedLines);
        Assert.Equal(userEdit, File.ReadAllText(repo.Full("a.txt")));
    }

    [Fact]
    public async Task Force_rollback_overwrites_but_the_overwritten_bytes_stay_recoverable()
    {
        using var repo = GitRepo.WithCommit(("a.txt", Before));
        using var store = RollbackPointStore.Open(repo.Path);
        await store.ApplyAsync("ep-1", Bytes.Edits(("a.txt", After)), Ct);
        repo.Write("a.txt", "user rewrote everything\n");

        var rollback = await store.RollbackAsync("ep-1", RollbackMode.Force, Ct);
        Assert.Equal(Before, File.ReadAllText(repo.Full("a.txt")));

        await store.RollbackAsync(rollback.Recorded.Id, RollbackMode.Strict, Ct);
        Assert.Equal("user rewrote everything\n", File.ReadAllText(repo.Full("a.txt")));
    }

    [Fact]
    public async Task A_rollback_is_recorded_and_can_be_undone_and_states_follow()
    {
        using var repo = GitRepo.WithCommit(("a.txt", Before), ("gone.txt", "to be deleted\n"));
        using var store = RollbackPointStore.Open(repo.Path);
        var applied = await store.ApplyAsync("ep-1", Bytes.Edits(("a.txt", After), ("gone.txt", null), ("new.txt", "created\n")), Ct);
        Assert.False(File.Exists(repo.Full("gone.txt")));

        var rollback = await store.RollbackAsync("ep-1", RollbackMode.Strict, Ct);

        Assert.Equal(Before, File.ReadAllText(repo.Full("a.txt")));
        Assert.Equal("to be deleted\n", File.ReadAllText(repo.Full("gone.txt")));
        Assert.False(File.Exists(repo.Full("new.txt")));
        Assert.Equal("", repo.Status());
        var points = await store.ListAsync(Ct);
        Assert.Equal([rollback.Recorded.Id, applied.Id], points.Select(p => p.Id));
        Assert.Equal([PointState.Complete, PointState.RolledBack], points.Select(p => p.State));
        Assert.Equal(applied.Id, points[0].Reverts);
        Assert.Equal("ep-1", points[0].EpisodeId);
        var again = await Assert.ThrowsAsync<HistoryException>(() => store.RollbackAsync("ep-1", RollbackMode.Strict, Ct));
        Assert.Contains($"already rolled back by point {rollback.Recorded.Id}", again.Message);

        await store.RollbackAsync(rollback.Recorded.Id, RollbackMode.Strict, Ct);

        Assert.Equal(After, File.ReadAllText(repo.Full("a.txt")));
        Assert.Equal("created\n", File.ReadAllText(repo.Full("new.txt")));
        Assert.False(File.Exists(repo.Full("gone.txt")));
        Assert.Equal([PointState.Complete, PointState.RolledBack, PointState.Complete], (await store.ListAsync(Ct)).Select(p => p.State));
    }

    [Fact]
    public async Task Rollback_by_episode_takes_its_newest_applied_point_and_ids_resolve_by_prefix()
    {
        using var repo = GitRepo.WithCommit(("a.txt", "1\n"), ("b.txt", "1\n"));
        using var store = RollbackPointStore.Open(repo.Path);
        var first = await store.ApplyAsync("ep-a", Bytes.Edits(("a.txt", "2\n")), Ct);
        var second = await store.ApplyAsync("ep-b", Bytes.Edits(("b.txt", "2\n")), Ct);

        await store.RollbackAsync("ep-a", RollbackMode.Strict, Ct);
        Assert.Equal("1\n", File.ReadAllText(repo.Full("a.txt")));
        Assert.Equal("2\n", File.ReadAllText(repo.Full("b.txt")));

        await store.RollbackAsync(second.Id[..6], RollbackMode.Strict, Ct);
        Assert.Equal("1\n", File.ReadAllText(repo.Full("b.txt")));
        var unknown = await Assert.ThrowsAsync<HistoryException>(() => store.RollbackAsync("no-such-episode", RollbackMode.Strict, Ct));
        Assert.Contains("no rollback point or episode 'no-such-episode'", unknown.Message);
        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact]
    public async Task Plan_with_an_open_buffer_uses_the_buffer_not_the_disk()
    {
        using var repo = GitRepo.WithCommit(("a.txt", Before));
        using var store = RollbackPointStore.Open(repo.Path);
        await store.ApplyAsync("ep-1", Bytes.Edits(("a.txt", After)), Ct);

        // Disk still holds the edit's bytes, but the unsaved buffer has a change on line 9.
        var buffer = Encoding.UTF8.GetBytes(After.Replace("line 9\n", "line 9 typing\n"));
        var refused = await Assert.ThrowsAsync<RollbackConflictException>(() =>
            store.PlanRollbackAsync("ep-1", RollbackMode.Strict, new Dictionary<string, byte[]?> { [repo.Full("a.txt")] = buffer }, Ct));
        Assert.Equal([new LineRange(9, 9)], Assert.Single(refused.Conflicts).ChangedLines);

        var merged = await store.PlanRollbackAsync("ep-1", RollbackMode.Merge, new Dictionary<string, byte[]?> { ["a.txt"] = buffer }, Ct);
        Assert.Equal(Before.Replace("line 9\n", "line 9 typing\n"), Encoding.UTF8.GetString(merged.Restored["a.txt"]!));
        Assert.Equal(["a.txt"], merged.MergedFiles);
        Assert.Equal(After, File.ReadAllText(repo.Full("a.txt")));
    }
}
