namespace CodeImprove.History.Tests;

/// <summary>Private refs must never leave the machine through git's default refspecs.</summary>
public sealed class PushTests
{
    [Fact]
    public async Task Default_push_and_clone_refspecs_never_carry_refs_codeimprove()
    {
        using var repo = GitRepo.WithCommit(("a.txt", "1\n"));
        using var remote = GitRepo.Empty();
        GitRepo.Run(remote.Path, "init", "-q", "--bare");
        repo.Git("remote", "add", "origin", remote.Path);
        repo.Git("tag", "v1");
        using (var store = RollbackPointStore.Open(repo.Path))
        {
            await store.ApplyAsync("ep-push", Bytes.Edits(("a.txt", "2\n")), TestContext.Current.CancellationToken);
            await store.BeginApplyAsync("ep-pending", Bytes.Edits(("a.txt", "2\n")), cancellationToken: TestContext.Current.CancellationToken);
        }
        Assert.Contains("refs/codeimprove/pending/", repo.Git("for-each-ref", "refs/codeimprove"));

        repo.Git("push", "-q", "-u", "origin", "main");
        repo.Git("push", "-q", "origin");
        repo.Git("push", "-q", "--all", "origin");
        repo.Git("push", "-q", "--tags", "origin");
        repo.Git("push", "-q", "--follow-tags", "origin");

        var remoteRefs = GitRepo.Run(remote.Path, "for-each-ref", "--format=%(refname)");
        Assert.Equal(["refs/heads/main", "refs/tags/v1"], remoteRefs.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("codeimprove", repo.Git("ls-remote", "origin"));

        // And a clone of the repository itself (default fetch refspec) does not bring them either.
        using var clone = GitRepo.Empty();
        GitRepo.Run(clone.Path, "clone", "-q", repo.Path, ".");
        Assert.DoesNotContain("codeimprove", clone.Git("for-each-ref"));
    }
}
