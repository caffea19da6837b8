using System.Security.Cryptography;

namespace CodeImprove.History.Tests;

/// <summary>The audit trail in real repositories: a line before every step, digests of the real bytes, and --verify finding what was removed or changed.</summary>
public sealed class AuditTrailTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Apply_rollback_abandon_and_prune_each_leave_lines_with_the_digests_of_the_bytes()
    {
        using var repo = GitRepo.WithCommit(("src/A.cs", "class A { }\n"));
        var original = repo.Read("src/A.cs");
        using var store = RollbackPointStore.Open(repo.Path, new HistoryOptions { Origin = "editor" });

        var applied = await store.ApplyAsync("7", Bytes.Edits(("src/A.cs", "class A { int x; }\n"), ("src/New.cs", "class New { }\n")), Ct);
        var improved = repo.Read("src/A.cs");
        var rollback = await store.RollbackAsync(applied.Id, RollbackMode.Strict, Ct);
        var refused = await store.BeginApplyAsync("8", Bytes.Edits(("src/A.cs", "class A { }\n")), cancellationToken: Ct);
        await store.AbandonApplyAsync(refused, Ct);
        await store.AppendAuditAsync(new AuditEntry { Event = AuditEvents.Reject, Episode = "8", Detail = "not what I wanted" }, Ct);
        Assert.Equal(1, await store.PruneAsync(new PruneOptions(MaxPoints: 2, MaxAgeDays: null), Ct));

        var audit = await store.ReadAuditAsync(verify: true, Ct);
        Assert.Equal(Path.Combine(repo.Path, ".codeimprove", "audit.jsonl"), audit.Path);
        Assert.Equal(["apply", "completed", "rollback", "completed", "apply", "abandoned", "reject", "prune"], audit.Entries.Select(e => e.Event));
        Assert.All(audit.Entries, e => Assert.Equal("editor", e.Origin));
        Assert.Null(audit.Entries[0].Previous);
        var completed = audit.Entries[1];
        Assert.Equal((applied.Id, "7"), (completed.Point, completed.Episode));
        Assert.Equal(
            [new AuditFile("src/A.cs", Sha(original), Sha(improved)), new AuditFile("src/New.cs", null, Sha("class New { }\n"u8.ToArray()))],
            completed.Files);
        Assert.Equal((rollback.Recorded.Id, applied.Id), (audit.Entries[2].Point, audit.Entries[2].Reverts));
        Assert.Equal(new AuditFile("src/A.cs", Sha(improved), Sha(original)), audit.Entries[3].Files![0]);
        Assert.Equal([applied.Id], audit.Entries[7].Pruned);
        Assert.Empty(audit.Problems);
        Assert.Contains("!! .codeimprove/", repo.Git("status", "--porcelain", "--ignored")); // the trail ignores itself
    }

    [Fact]
    public async Task Verify_reports_a_removed_line_as_a_broken_chain_and_a_gap()
    {
        using var repo = GitRepo.WithCommit(("a.txt", "one\n"));
        using var store = RollbackPointStore.Open(repo.Path);
        var first = await store.ApplyAsync("1", Bytes.Edits(("a.txt", "two\n")), Ct);
        await store.ApplyAsync("2", Bytes.Edits(("a.txt", "three\n")), Ct);

        var lines = File.ReadAllLines(store.AuditPath).ToList();
        lines.RemoveAt(1); // the first apply's "completed"
        File.WriteAllLines(store.AuditPath, lines);

        var problems = (await store.ReadAuditAsync(verify: true, Ct)).Problems;
        Assert.Contains(problems, p => p.StartsWith("line 2 does not follow line 1", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith($"gap: rollback point {first.Id} is completed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_reports_a_digest_that_disagrees_with_the_rollback_store()
    {
        using var repo = GitRepo.WithCommit(("a.txt", "one\n"));
        using var store = RollbackPointStore.Open(repo.Path);
        var point = await store.ApplyAsync("1", Bytes.Edits(("a.txt", "two\n")), Ct);

        var lines = File.ReadAllLines(store.AuditPath);
        var forged = Sha("something else\n"u8.ToArray())!;
        lines[^1] = lines[^1].Replace(Sha("two\n"u8.ToArray())!, forged, StringComparison.Ordinal);
        File.WriteAllLines(store.AuditPath, lines);

        var problem = Assert.Single((await store.ReadAuditAsync(verify: true, Ct)).Problems);
        Assert.Equal($"mismatch: line 2 says a.txt was sha256 {forged[..12]} after point {point.Id}; the rollback store holds sha256 {Sha("two\n"u8.ToArray())![..12]}", problem);
    }

    [Fact]
    public async Task A_point_recorded_without_the_trail_is_a_gap()
    {
        using var repo = GitRepo.WithCommit(("a.txt", "one\n"));
        using var store = RollbackPointStore.Open(repo.Path);
        var point = await store.ApplyAsync("1", Bytes.Edits(("a.txt", "two\n")), Ct);
        File.Delete(store.AuditPath);

        var problems = (await store.ReadAuditAsync(verify: true, Ct)).Problems;

        Assert.Equal([$"gap: rollback point {point.Id} (episode 1, a.txt) has no apply line"], problems);
    }

    [Fact]
    public async Task A_completed_point_whose_outcome_line_a_crash_lost_gets_it_at_the_next_open()
    {
        using var repo = GitRepo.WithCommit(("a.txt", "one\n"));
        string auditPath;
        using (var store = RollbackPointStore.Open(repo.Path))
        {
            await store.ApplyAsync("1", Bytes.Edits(("a.txt", "two\n")), Ct);
            auditPath = store.AuditPath;
        }
        // As if the process died after the point completed but before its line reached the disk.
        File.WriteAllLines(auditPath, File.ReadAllLines(auditPath)[..1]);

        using var reopened = RollbackPointStore.Open(repo.Path);
        var audit = await reopened.ReadAuditAsync(verify: true, Ct);

        Assert.Equal(["apply", "completed"], audit.Entries.Select(e => e.Event));
        Assert.Equal(("recovery", Sha("two\n"u8.ToArray())), (audit.Entries[1].Origin, audit.Entries[1].Files![0].After));
        Assert.Empty(audit.Problems);
    }

    [Fact]
    public async Task An_edit_may_not_write_the_trail_itself()
    {
        using var repo = GitRepo.WithCommit(("a.txt", "one\n"));
        using var store = RollbackPointStore.Open(repo.Path);

        var refused = await Assert.ThrowsAsync<HistoryException>(() => store.ApplyAsync("1", Bytes.Edits((".codeimprove/audit.jsonl", "{}\n")), Ct));

        Assert.Equal("refusing to record CodeImprove's own audit trail: .codeimprove/audit.jsonl", refused.Message);
    }

    private static string? Sha(byte[]? bytes) => bytes is null ? null : Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
}
