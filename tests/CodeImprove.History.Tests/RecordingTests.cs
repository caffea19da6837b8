using System.Text;

namespace CodeImprove.History.Tests;

/// <summary>Recording and rolling back in real repositories: exact bytes in, exact bytes out, and git's own state untouched.</summary>
public sealed class RecordingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Apply_and_rollback_in_a_dirty_tree_touch_only_the_edited_files()
    {
        using var repo = GitRepo.WithCommit(("src/A.cs", "class A { }\n"), ("src/B.cs", "class B { }\n"), (".gitignore", "*.log\n"));
        repo.Write("src/B.cs", "class B { int stashed; }\n");
        repo.Git("stash", "-q");                                    // refs/stash exists
        repo.Write("src/A.cs", "class A { int dirty; }\n");        // modified, unstaged
        repo.Write("src/B.cs", "class B { int staged; }\n");
        repo.Git("add", "src/B.cs");                                // staged change in the index
        repo.Write("notes.txt", "untracked\n");
        repo.Write("build.log", "ignored\n");
        Assert.Contains("refs/stash", repo.DeveloperState());
        var original = repo.DeveloperState();
        var originalA = repo.Read("src/A.cs");

        using var store = RollbackPointStore.Open(repo.Path);
        var point = await store.ApplyAsync("ep-1", Bytes.Edits(
            ("src/A.cs", "class A { int improved; }\n"), ("notes.txt", "untracked, edited\n"), ("build.log", "ignored, edited\n"), ("src/New.cs", "class New { }\n")), Ct);

        Assert.Equal("class A { int improved; }\n", File.ReadAllText(repo.Full("src/A.cs")));
        Assert.NotEqual(original, repo.DeveloperState());
        Assert.Equal(PointState.Complete, point.State);
        Assert.Equal(["src/A.cs", "notes.txt", "build.log", "src/New.cs"], point.Files);
        // The before commit holds the dirty working-tree bytes, not HEAD's; the new file is absent from it.
        var before = BeforeCommit(repo, point.Id);
        Assert.Equal(originalA, repo.GitBytes("cat-file", "blob", $"{before}:src/A.cs"));
        Assert.Equal("untracked\n", repo.Git("show", $"{before}:notes.txt"));
        Assert.DoesNotContain("src/New.cs", repo.Git("ls-tree", "-r", "--name-only", before));
        Assert.Contains("HEAD: refs/heads/main", repo.DeveloperState());

        await store.RollbackAsync("ep-1", RollbackMode.Strict, Ct);

        Assert.Equal(original, repo.DeveloperState());
        Assert.Equal(originalA, repo.Read("src/A.cs"));
        Assert.False(File.Exists(repo.Full("src/New.cs")));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Line_endings_BOM_and_executable_bit_are_kept_exactly_even_with_autocrlf()
    {
        using var repo = GitRepo.WithCommit(("run.sh", "#!/bin/sh\n"));
        repo.Git("config", "core.autocrlf", "true");
        byte[] crlf = [0xEF, 0xBB, 0xBF, .. "line one\r\nline two\r\nno newline at end"u8];
        byte[] mixed = [.. "lf\ncrlf\r\ncr\rend\n"u8, 0xFF, 0x00, 0x80];
        repo.WriteBytes("crlf.cs", crlf);
        repo.WriteBytes("mixed.bin", mixed);
        File.SetUnixFileMode(repo.Full("run.sh"), (UnixFileMode)0b111_101_101);
        var original = repo.DeveloperState();

        using var store = RollbackPointStore.Open(repo.Path);
        var point = await store.ApplyAsync("ep-bytes", new Dictionary<string, byte[]?>
        {
            ["crlf.cs"] = [0xEF, 0xBB, 0xBF, .. "line ONE\r\nline two\r\nno newline at end"u8],
            ["mixed.bin"] = [.. "lf\n"u8],
            ["run.sh"] = [.. "#!/bin/sh\necho hi\n"u8],
        }, Ct);

        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(repo.Full("run.sh")) & (UnixFileMode)0b111_111_111);
        var before = BeforeCommit(repo, point.Id);
        Assert.Contains("100755 blob", repo.Git("ls-tree", before, "run.sh"));
        Assert.Contains("100644 blob", repo.Git("ls-tree", before, "crlf.cs"));
        Assert.Equal(crlf, repo.GitBytes("cat-file", "blob", $"{before}:crlf.cs"));
        Assert.Equal(mixed, repo.GitBytes("cat-file", "blob", $"{before}:mixed.bin"));

        await store.RollbackAsync(point.Id, RollbackMode.Strict, Ct);

        Assert.Equal(crlf, repo.Read("crlf.cs"));
        Assert.Equal(mixed, repo.Read("mixed.bin"));
        Assert.Equal("#!/bin/sh\n", File.ReadAllText(repo.Full("run.sh")));
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(repo.Full("run.sh")) & (UnixFileMode)0b111_111_111);
        Assert.Equal(original, repo.DeveloperState());
    }

    [Fact]
    public async Task Detached_HEAD_stays_detached_at_the_same_commit()
    {
        using var repo = GitRepo.WithCommit(("a.txt", "one\n"));
        repo.Write("a.txt", "two\n");
        repo.Git("commit", "-qam", "second");
        repo.Git("checkout", "-q", "--detach", "HEAD~1");
        var original = repo.DeveloperState();

        using var store = RollbackPointStore.Open(repo.Path);
        await store.ApplyAsync("ep-detached", Bytes.Edits(("a.txt", "improved\n")), Ct);
        Assert.Contains("HEAD:  ", repo.DeveloperState()); // still no symbolic HEAD
        await store.RollbackAsync("ep-detached", RollbackMode.Strict, Ct);

        Assert.Equal(original, repo.DeveloperState());
        Assert.Equal("one\n", File.ReadAllText(repo.Full("a.txt")));
    }

    [Fact]
    public async Task Unborn_branch_gets_no_commit_and_no_branch()
    {
        using var repo = GitRepo.Empty();
        repo.Git("init", "-q", "-b", "main");
        repo.Write("Program.cs", "Console.WriteLine(1);\r\n");
        var original = repo.DeveloperState();

        using var store = RollbackPointStore.Open(repo.Path);
        await store.ApplyAsync("ep-unborn", Bytes.Edits(("Program.cs", "Console.WriteLine(2);\r\n")), Ct);
        Assert.Equal("", repo.Git("for-each-ref", "refs/heads"));
        await store.RollbackAsync("ep-unborn", RollbackMode.Strict, Ct);

        Assert.Equal(original, repo.DeveloperState());
        Assert.Equal("", repo.Git("rev-parse", "-q", "--verify", "HEAD", "--allow-failure"));
        Assert.Equal("Console.WriteLine(1);\r\n", File.ReadAllText(repo.Full("Program.cs")));
    }

    [Fact]
    public async Task Linked_worktree_keeps_its_own_timeline_in_the_shared_refs()
    {
        using var repo = GitRepo.WithCommit(("a.txt", "main\n"));
        var worktree = repo.Path + "-wt";
        repo.Git("worktree", "add", "-q", "-b", "feature", worktree);
        try
        {
            var wt = Path.Combine(worktree, "a.txt");
            var originalMain = repo.DeveloperState();
            var originalWorktree = GitRepo.Status(worktree);
            var worktreeName = Path.GetFileName(worktree);

            using (var store = RollbackPointStore.Open(worktree))
            {
                Assert.Equal(worktree, store.Root);
                await store.ApplyAsync("ep-wt", Bytes.Edits((wt, "worktree edit\n")), Ct);
            }

            // The ref lives in the common dir: the main worktree's git sees it, under the worktree's own prefix.
            Assert.Contains($"refs/codeimprove/worktrees/{worktreeName}/timeline", repo.Git("for-each-ref", "refs/codeimprove"));
            Assert.Equal("main\n", File.ReadAllText(repo.Full("a.txt")));
            using (var mainStore = RollbackPointStore.Open(repo.Path))
            {
                Assert.Empty(await mainStore.ListAsync(Ct));
            }
            using (var store = RollbackPointStore.Open(worktree))
            {
                Assert.Equal("ep-wt", Assert.Single(await store.ListAsync(Ct)).EpisodeId);
                await store.RollbackAsync("ep-wt", RollbackMode.Strict, Ct);
            }

            Assert.Equal("main\n", File.ReadAllText(wt));
            Assert.Equal(originalMain, repo.DeveloperState());
            Assert.Equal(originalWorktree, GitRepo.Status(worktree));
            Assert.Equal("refs/heads/feature", GitRepo.Run(worktree, "symbolic-ref", "HEAD").Trim());
        }
        finally
        {
            Directory.Delete(worktree, recursive: true);
        }
    }

    [Fact]
    public async Task A_folder_outside_git_gets_a_private_bare_repository_that_ignores_itself()
    {
        using var folder = GitRepo.Empty();
        folder.WriteBytes("Util.cs", [.. "static class Util { }\r\n"u8]);

        using var store = RollbackPointStore.Open(folder.Path);
        var point = await store.ApplyAsync("ep-plain", Bytes.Edits(("Util.cs", "static class Util { int x; }\r\n")), Ct);

        Assert.False(Directory.Exists(folder.Full(".git")));
        Assert.Equal("*\n", File.ReadAllText(folder.Full(".codeimprove/.gitignore")));
        Assert.Equal("true", GitRepo.Run(folder.Full(".codeimprove/history.git"), "rev-parse", "--is-bare-repository").Trim());
        Assert.Contains("refs/codeimprove/timeline", GitRepo.Run(folder.Full(".codeimprove/history.git"), "for-each-ref"));
        Assert.Equal(folder.Path, store.Root);

        await store.RollbackAsync(point.Id, RollbackMode.Strict, Ct);
        Assert.Equal("static class Util { }\r\n"u8.ToArray(), folder.Read("Util.cs"));
        Assert.Equal([".codeimprove", "Util.cs"], Directory.EnumerateFileSystemEntries(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Points_form_one_parented_timeline_with_episode_trailers()
    {
        using var repo = GitRepo.WithCommit(("a.txt", "1\n"));
        using var store = RollbackPointStore.Open(repo.Path);
        var first = await store.ApplyAsync("ep-first", Bytes.Edits(("a.txt", "2\n")), Ct);
        var second = await store.ApplyAsync("ep-second", Bytes.Edits(("a.txt", "3\n")), Ct);

        var log = repo.Git("log", "--first-parent", "--format=%H %P|%(trailers:key=CodeImprove-Point,valueonly,separator=)|%(trailers:key=CodeImprove-Stage,valueonly,separator=)|%(trailers:key=CodeImprove-Episode,valueonly,separator=)", "refs/codeimprove/timeline")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('|')).ToList();
        Assert.Equal(
            [$"{second.Id} after ep-second", $"{second.Id} intent ep-second", $"{second.Id} before ep-second", $"{first.Id} after ep-first", $"{first.Id} intent ep-first", $"{first.Id} before ep-first"],
            log.Select(l => $"{l[1]} {l[2]} {l[3]}"));
        // The second point's before commit is parented on the first point's after commit; the first is the root.
        Assert.Equal(log[3][0].Split(' ')[0], log[2][0].Split(' ')[1]);
        Assert.Single(log[^1][0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("", repo.Git("for-each-ref", "refs/codeimprove/pending"));
    }

    [Fact]
    public async Task Editor_path_records_the_buffer_text_the_edit_was_based_on()
    {
        using var repo = GitRepo.WithCommit(("a.cs", "disk\n"));
        using var store = RollbackPointStore.Open(repo.Path);

        var pointId = await store.BeginApplyAsync("ep-editor", Bytes.Edits((repo.Full("a.cs"), "buffer\n")), Bytes.Edits(("a.cs", "buffer improved\n")), Ct);
        Assert.Contains($"refs/codeimprove/pending/{pointId}", repo.Git("for-each-ref", "refs/codeimprove"));
        Assert.Equal("disk\n", File.ReadAllText(repo.Full("a.cs"))); // the editor applies, not the store
        var point = await store.CompleteApplyAsync(pointId, Bytes.Edits(("a.cs", "buffer improved\n")), Ct);

        Assert.Equal(PointState.Complete, point.State);
        Assert.Equal("buffer\n", repo.Git("show", $"{BeforeCommit(repo, pointId)}:a.cs"));
        Assert.Equal("", repo.Git("for-each-ref", "refs/codeimprove/pending"));
        // Rolling back an open document: the buffer is the current text, and the plan is applied by the editor.
        var plan = await store.PlanRollbackAsync("ep-editor", RollbackMode.Strict, Bytes.Edits(("a.cs", "buffer improved\n")), Ct);
        Assert.Equal("buffer\n", Encoding.UTF8.GetString(plan.Restored["a.cs"]!));
        var rollbackId = await store.BeginRollbackAsync(plan, Ct);
        await store.CompleteApplyAsync(rollbackId, plan.Restored, Ct);
        Assert.Equal(PointState.RolledBack, (await store.ListAsync(Ct)).Single(p => p.Id == pointId).State);
    }

    [Fact]
    public async Task Points_survive_git_gc_and_stores_in_parallel_lose_no_point()
    {
        using var repo = GitRepo.WithCommit(("a.txt", "a\n"), ("b.txt", "b\n"));
        using var first = RollbackPointStore.Open(repo.Path);
        using var second = RollbackPointStore.Open(repo.Path);
        var pending = await first.BeginApplyAsync("ep-pending", Bytes.Edits(("b.txt", "b\n")), cancellationToken: Ct);
        await Task.WhenAll(
            Task.Run(async () => { for (var i = 0; i < 10; i++) await first.ApplyAsync($"ep-first-{i}", Bytes.Edits(("a.txt", $"a{i}\n")), Ct); }, Ct),
            Task.Run(async () => { for (var i = 0; i < 10; i++) await second.ApplyAsync($"ep-second-{i}", Bytes.Edits(("b.txt", $"b{i}\n")), Ct); }, Ct));

        repo.Git("reflog", "expire", "--expire=now", "--all");
        repo.Git("gc", "-q", "--prune=now");

        var points = await first.ListAsync(Ct);
        Assert.Equal(21, points.Count);
        Assert.Equal(PointState.Incomplete, points.Single(p => p.Id == pending).State);
        await first.RollbackAsync("ep-first-9", RollbackMode.Strict, Ct);
        Assert.Equal("a8\n", File.ReadAllText(repo.Full("a.txt")));
        // The interrupted point's before-bytes survived gc; b.txt changed since and no intended bytes were given, so only force restores it.
        var refused = await Assert.ThrowsAsync<RollbackConflictException>(() => second.RollbackAsync(pending, RollbackMode.Strict, Ct));
        Assert.Contains("the apply never completed", refused.Message);
        await second.RollbackAsync(pending, RollbackMode.Force, Ct);
        Assert.Equal("b\n", File.ReadAllText(repo.Full("b.txt")));
    }

    [Fact]
    public async Task An_edit_the_editor_refused_is_abandoned_not_reported_as_interrupted()
    {
        using var repo = GitRepo.WithCommit(("a.cs", "a\n"));
        using var store = RollbackPointStore.Open(repo.Path);
        var pointId = await store.BeginApplyAsync("ep-refused", Bytes.Edits(("a.cs", "a\n")), Bytes.Edits(("a.cs", "b\n")), Ct);

        await store.AbandonApplyAsync(pointId, Ct);

        Assert.Equal(PointState.Abandoned, Assert.Single(await store.ListAsync(Ct)).State);
        Assert.Empty(await store.FindIncompleteAsync(Ct));
        Assert.Equal("", repo.Git("for-each-ref", "refs/codeimprove/pending"));
        var rollback = await Assert.ThrowsAsync<HistoryException>(() => store.RollbackAsync("ep-refused", RollbackMode.Strict, Ct));
        Assert.Contains("abandoned", rollback.Message);
        var complete = await Assert.ThrowsAsync<HistoryException>(() => store.CompleteApplyAsync(pointId, Bytes.Edits(("a.cs", "b\n")), Ct));
        Assert.Contains("not an apply in progress", complete.Message);
    }

    [Fact]
    public async Task Paths_outside_the_repository_or_inside_git_are_rejected_and_nothing_is_recorded()
    {
        using var repo = GitRepo.WithCommit(("a.txt", "1\n"));
        using var store = RollbackPointStore.Open(repo.Path);

        var outside = await Assert.ThrowsAsync<HistoryException>(() => store.ApplyAsync("ep", Bytes.Edits(("../escape.txt", "x")), Ct));
        Assert.Contains("outside the workspace repository", outside.Message);
        await Assert.ThrowsAsync<HistoryException>(() => store.ApplyAsync("ep", Bytes.Edits((".git/config", "x")), Ct));
        await Assert.ThrowsAsync<HistoryException>(() => store.ApplyAsync("bad\nepisode", Bytes.Edits(("a.txt", "x")), Ct));

        Assert.Empty(await store.ListAsync(Ct));
        Assert.Equal("1\n", File.ReadAllText(repo.Full("a.txt")));
    }

    [Fact]
    public async Task A_folder_linked_to_somewhere_outside_the_workspace_is_never_written_through()
    {
        using var repo = GitRepo.WithCommit(("a.txt", "1\n"));
        var outside = Directory.CreateTempSubdirectory("codeimprove-outside-").FullName;
        File.WriteAllText(Path.Combine(outside, "secret.txt"), "keep\n");
        Directory.CreateSymbolicLink(repo.Full("linked"), outside);
        using var store = RollbackPointStore.Open(repo.Path);

        var refused = await Assert.ThrowsAsync<HistoryException>(() => store.ApplyAsync("ep", Bytes.Edits(("linked/secret.txt", "overwritten")), Ct));

        Assert.Contains("symbolic link", refused.Message);
        Assert.Equal("keep\n", File.ReadAllText(Path.Combine(outside, "secret.txt")));
        Assert.Empty(await store.ListAsync(Ct));
        Directory.Delete(outside, recursive: true);
    }

    [Fact]
    public async Task A_history_folder_deleted_under_a_running_store_is_named_at_once_not_reported_as_a_lock()
    {
        using var repo = GitRepo.WithCommit(("a.txt", "1\n"));
        using var store = RollbackPointStore.Open(repo.Path);
        Directory.Delete(repo.Full(".git"), recursive: true);

        var refused = await Assert.ThrowsAsync<HistoryException>(() => store.ApplyAsync("ep", Bytes.Edits(("a.txt", "2\n")), Ct));

        Assert.Contains("folder is gone", refused.Message);
        Assert.DoesNotContain("locked by another process", refused.Message);
        Assert.Equal("1\n", File.ReadAllText(repo.Full("a.txt")));
    }

    internal static string BeforeCommit(GitRepo repo, string pointId) =>
        repo.Git("log", "--all", "--format=%H", $"--grep=^CodeImprove-Point: {pointId}$", "--grep=^CodeImprove-Stage: before$", "--all-match")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Single();
}
