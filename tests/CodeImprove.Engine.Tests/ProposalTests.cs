using CodeImprove.Memory;
using static CodeImprove.Engine.Tests.EngineFixture;

namespace CodeImprove.Engine.Tests;

/// <summary>Accepting (all or some hunks, with a rollback point), rejecting, and refusing or rebasing stale proposals.</summary>
public sealed class ProposalTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<(EngineFixture Fixture, ImproveEngine Engine, Proposal Proposal)> ProposeAsync(EditorDouble? editor = null)
    {
        var fixture = await CreateAsync();
        var engine = fixture.Engine(new ScriptedModel(4096, Fenced(Flatter), "DONE"), Options(maxCycles: 1), editor);
        var result = await engine.ImproveAsync(fixture.Request(), cancellationToken: Token);
        return (fixture, engine, result.Proposal ?? throw new InvalidOperationException("no proposal: " + string.Join("; ", result.NoImprovementReasons)));
    }

    [Fact]
    public async Task Accept_writes_the_file_after_a_rollback_point_and_records_the_decision()
    {
        var (fixture, engine, proposal) = await ProposeAsync();
        await using var _ = fixture;
        var plan = await engine.AcceptAsync(proposal.Id, cancellationToken: Token);

        var text = await File.ReadAllTextAsync(fixture.FilePath, Token);
        Assert.Contains("total += value;", text);
        Assert.Contains("public static int Twice(int x) => x * 2;", text);
        var point = Assert.Single(await fixture.History.ListAsync(Token));
        Assert.Equal(plan.RollbackPointId, point.Id);
        var episode = await fixture.Memory.GetEpisodeAsync(proposal.EpisodeId!.Value, Token);
        Assert.Equal(EpisodeDecision.Accepted, episode!.Decision);
        Assert.Equal(point.Id, episode.RollbackPointId);
        Assert.Null(engine.GetProposal(proposal.Id));
        await Assert.ThrowsAsync<ProposalNotFoundException>(() => engine.AcceptAsync(proposal.Id, cancellationToken: Token));
    }

    [Fact]
    public async Task A_proposal_whose_lines_changed_is_refused_and_one_changed_elsewhere_is_rebased()
    {
        var editor = new EditorDouble();
        var (fixture, engine, proposal) = await ProposeAsync(editor);
        await using var _ = fixture;
        var original = await File.ReadAllTextAsync(fixture.FilePath, Token);

        editor.Buffers[fixture.FilePath] = original.Replace("int total = 0;", "int total = 1;", StringComparison.Ordinal);
        var stale = await Assert.ThrowsAsync<StaleProposalException>(() => engine.AcceptAsync(proposal.Id, null, Token));
        Assert.Contains("run improve again", stale.Message);
        Assert.Equal(0, editor.Applies);

        editor.Buffers[fixture.FilePath] = "// a comment added above\n" + original.Replace("x * 2", "x + x", StringComparison.Ordinal);
        var plan = await engine.AcceptAsync(proposal.Id, null, Token);
        var buffer = editor.Buffers[fixture.FilePath];
        Assert.Equal(plan.NewText, buffer);
        Assert.StartsWith("// a comment added above\n", buffer);
        Assert.Contains("x + x", buffer);
        Assert.Contains("total += value;", buffer);
        Assert.NotNull(plan.RollbackPointId);

        var point = Assert.Single(await fixture.History.ListAsync(Token));
        Assert.Equal(plan.RollbackPointId, point.Id);
        Assert.Equal(original, await File.ReadAllTextAsync(fixture.FilePath, Token)); // the editor applies, not the engine
    }

    [Fact]
    public async Task A_refused_editor_edit_abandons_the_point_and_keeps_the_proposal_open()
    {
        var editor = new EditorDouble { Refuse = "the user closed the document" };
        var (fixture, engine, proposal) = await ProposeAsync(editor);
        await using var _ = fixture;
        editor.Buffers[fixture.FilePath] = await File.ReadAllTextAsync(fixture.FilePath, Token);
        var plan = await engine.AcceptAsync(proposal.Id, null, Token);

        Assert.True(plan.Refused);
        Assert.Equal("the user closed the document", plan.RefusalReason);
        Assert.NotNull(engine.GetProposal(proposal.Id));
        Assert.Equal(History.PointState.Abandoned, Assert.Single(await fixture.History.ListAsync(Token)).State);
    }

    [Fact]
    public async Task A_subset_of_hunks_that_does_not_compile_alone_is_refused_with_its_errors_and_nothing_is_applied()
    {
        var editor = new EditorDouble();
        var (fixture, engine, proposal) = await ProposeAsync(editor);
        await using var _ = fixture;
        Assert.True(proposal.Hunks.Count >= 2, proposal.UnifiedDiff);
        var text = await File.ReadAllTextAsync(fixture.FilePath, Token);
        editor.Buffers[fixture.FilePath] = text;
        await Assert.ThrowsAsync<InvalidArgumentException>(() => engine.AcceptAsync(proposal.Id, [99], Token));

        // The last hunk ('total += value;') needs the foreach of an earlier one that declares 'value'.
        var refused = await Assert.ThrowsAsync<SubsetDoesNotCompileException>(() => engine.AcceptAsync(proposal.Id, [proposal.Hunks[^1].Id], Token));
        Assert.Contains(refused.Errors, e => e.StartsWith("CS0103", StringComparison.Ordinal) && e.Contains("'value'", StringComparison.Ordinal));
        Assert.Equal(text, editor.Buffers[fixture.FilePath]);
        Assert.Equal(0, editor.Applies);
        Assert.Empty(await fixture.History.ListAsync(Token));

        // Together they compile; all of them are applied.
        var plan = await engine.AcceptAsync(proposal.Id, [.. proposal.Hunks.Select(h => h.Id)], Token);
        Assert.Equal(proposal.Hunks.Count, plan.Edits.Count);
        Assert.Contains("total += value;", editor.Buffers[fixture.FilePath]);
    }

    [Fact]
    public async Task A_rejected_candidate_is_recorded_and_not_analyzed_again_for_the_same_code()
    {
        var (fixture, engine, proposal) = await ProposeAsync();
        await using var _ = fixture;
        await engine.RejectAsync(proposal.Id, "prefer the loop", Token);
        var episode = await fixture.Memory.GetEpisodeAsync(proposal.EpisodeId!.Value, Token);
        Assert.Equal((EpisodeDecision.Rejected, "prefer the loop"), (episode!.Decision, episode.DecisionReason));

        var again = await fixture.Engine(new ScriptedModel(4096, Fenced(Flatter)), Options(maxCycles: 1)).ImproveAsync(fixture.Request(), cancellationToken: Token);
        Assert.Null(again.Proposal);
        Assert.Contains("rejected this candidate before", again.Candidates[0].Verdict);
    }
}
