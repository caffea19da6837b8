using System.Diagnostics;
using System.Text;

namespace CodeImprove.History.Tests;

/// <summary>
/// Kills a real child process (CodeImprove.History.CrashHost, SIGKILL) at each step of an apply or rollback, then opens
/// the store again: the interrupted apply must be reported with each file's state, and the before-bytes must be restorable.
/// </summary>
public sealed class CrashSafetyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly string[] Files = ["a.txt", "b.txt", "c.txt"];
    private static readonly byte[] Marker = "// edited by crash host\n"u8.ToArray();

    public static TheoryData<ApplyStep, int, string> ApplySteps => new()
    {
        { ApplyStep.ObjectsWritten, 1, "" },          // nothing on the timeline yet: nothing to report, nothing touched
        { ApplyStep.PointRecorded, 1, "Before Before Before" },
        { ApplyStep.FileWritten, 1, "After Before Before" },
        { ApplyStep.FileWritten, 2, "After After Before" },
        { ApplyStep.FilesWritten, 1, "After After After" },
        { ApplyStep.Completed, 1, "" },
    };

    [Theory]
    [MemberData(nameof(ApplySteps))]
    public async Task Killed_during_apply_the_next_open_reports_it_and_rollback_restores_the_before_bytes(ApplyStep step, int occurrence, string expectedStates)
    {
        using var repo = NewRepository();
        var original = repo.DeveloperState();
        var before = Files.ToDictionary(f => f, repo.Read);

        KillHostAt(repo, step, occurrence, "apply");

        using var store = RollbackPointStore.Open(repo.Path);
        var incomplete = store.IncompleteAtOpen;
        Assert.Equal(expectedStates, string.Join(' ', incomplete.SelectMany(i => i.Files).Select(f => f.State)));
        var points = await store.ListAsync(Ct);
        if (step == ApplyStep.ObjectsWritten)
        {
            Assert.Empty(points);
            Assert.Equal(original, repo.DeveloperState());
            // The audit line was written, the point never was: the open wrote the outcome.
            var audit = await store.ReadAuditAsync(verify: true, Ct);
            Assert.Equal(["apply", "abandoned"], audit.Entries.Select(e => e.Event));
            Assert.Equal("recovery", audit.Entries[1].Origin);
            Assert.Empty(audit.Problems);
            return;
        }
        if (step == ApplyStep.Completed)
        {
            Assert.Equal(PointState.Complete, Assert.Single(points).State);
            Assert.Equal("", repo.Git("for-each-ref", "refs/codeimprove/pending"));
        }
        else
        {
            var interrupted = Assert.Single(incomplete);
            Assert.Equal(Files, interrupted.Files.Select(f => f.Path));
            Assert.Equal("crash-episode", interrupted.Point.EpisodeId);
            Assert.Contains($"refs/codeimprove/pending/{interrupted.Point.Id}", repo.Git("for-each-ref", "refs/codeimprove/pending"));
        }

        await store.RollbackAsync("crash-episode", RollbackMode.Strict, Ct);

        Assert.All(Files, f => Assert.Equal(before[f], repo.Read(f)));
        Assert.Equal(original, repo.DeveloperState());
        Assert.Empty(await store.FindIncompleteAsync(Ct));
        Assert.Equal("", repo.Git("for-each-ref", "refs/codeimprove/pending"));
        Assert.Empty((await store.ReadAuditAsync(verify: true, Ct)).Problems);
    }

    [Fact]
    public async Task An_interrupted_apply_can_be_accepted_as_it_is_and_then_rolled_back()
    {
        using var repo = NewRepository();
        var before = Files.ToDictionary(f => f, repo.Read);
        KillHostAt(repo, ApplyStep.FileWritten, 1, "apply");
        var partial = Files.ToDictionary(f => f, repo.Read);

        using var store = RollbackPointStore.Open(repo.Path);
        var accepted = await store.AcceptIncompleteAsync(Assert.Single(store.IncompleteAtOpen).Point.Id, Ct);

        Assert.Equal(PointState.Complete, accepted.State);
        Assert.All(Files, f => Assert.Equal(partial[f], repo.Read(f)));
        await store.RollbackAsync(accepted.Id, RollbackMode.Strict, Ct);
        Assert.All(Files, f => Assert.Equal(before[f], repo.Read(f)));
    }

    [Fact]
    public async Task Killed_during_a_rollback_the_rollback_can_be_run_again()
    {
        using var repo = NewRepository();
        var original = repo.DeveloperState();
        var before = Files.ToDictionary(f => f, repo.Read);
        using (var store = RollbackPointStore.Open(repo.Path))
        {
            await store.ApplyAsync("crash-episode", Files.ToDictionary(f => f, f => (byte[]?)[.. repo.Read(f), .. Marker]), Ct);
        }

        KillHostAt(repo, ApplyStep.FileWritten, 1, "rollback", "crash-episode");

        using (var store = RollbackPointStore.Open(repo.Path))
        {
            var interrupted = Assert.Single(store.IncompleteAtOpen);
            Assert.NotNull(interrupted.Point.Reverts);
            // The rollback's own before-bytes are the edited files; its intent is the original bytes.
            Assert.Equal("After Before Before", string.Join(' ', interrupted.Files.Select(f => f.State)));

            await store.RollbackAsync("crash-episode", RollbackMode.Strict, Ct);

            Assert.Empty(await store.FindIncompleteAsync(Ct));
        }
        Assert.All(Files, f => Assert.Equal(before[f], repo.Read(f)));
        Assert.Equal(original, repo.DeveloperState());
        using (var reopened = RollbackPointStore.Open(repo.Path))
        {
            Assert.Empty(reopened.IncompleteAtOpen);
            Assert.Equal("", repo.Git("for-each-ref", "refs/codeimprove/pending"));
        }
    }

    private static GitRepo NewRepository()
    {
        var repo = GitRepo.WithCommit(("a.txt", "alpha\r\n"), ("b.txt", "beta\n"), ("c.txt", "gamma"));
        repo.Write("b.txt", "beta, dirty\n");
        return repo;
    }

    /// <summary>Starts the crash host, waits until it reports the step, and kills it there (SIGKILL: no cleanup runs).</summary>
    private static void KillHostAt(GitRepo repo, ApplyStep step, int occurrence, params string[] action)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "CodeImprove.History.CrashHost.dll"), repo.Path, action[0], step.ToString(), occurrence.ToString() }.Concat(action.Skip(1)))
        {
            start.ArgumentList.Add(arg);
        }
        using var host = Process.Start(start)!;
        var stderr = host.StandardError.ReadToEndAsync();
        var line = host.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
        host.Kill(entireProcessTree: true);
        host.WaitForExit();
        Assert.True(line == $"AT {step}", $"crash host did not reach {step}: stdout '{line}', stderr {stderr.Result}");
    }
}
