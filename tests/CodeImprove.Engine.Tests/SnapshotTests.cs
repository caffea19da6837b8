using static CodeImprove.Engine.Tests.EngineFixture;

namespace CodeImprove.Engine.Tests;

/// <summary>
/// An improve run reads one snapshot: the user typing during generation (the normal case with a real model) changes
/// neither the candidate check, nor the score, nor the proposal; only accept sees the new text. The model is the
/// <see cref="ScriptedModel"/> test double, held mid-generation by a gate.
/// </summary>
public sealed class SnapshotTests
{
    private const string TwoComments = "// a note typed during the run\n// and another\n";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Typing_above_the_method_during_generation_changes_neither_check_nor_score_nor_proposal()
    {
        await using var fixture = await CreateAsync();
        var quiet = await fixture.Engine(new ScriptedModel(4096, Fenced(Flatter), "DONE"), Options(maxCycles: 1))
            .ImproveAsync(fixture.Request("readability"), cancellationToken: Token);
        Assert.NotNull(quiet.Proposal);

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var model = new ScriptedModel(4096, Fenced(Flatter), "DONE") { Gate = gate.Task };
        var editor = new EditorDouble();
        var engine = fixture.Engine(model, Options(maxCycles: 1), editor);
        var request = fixture.Request("readability") with { Version = 1 };
        var running = engine.ImproveAsync(request, cancellationToken: Token);
        await model.Generating.Task.WaitAsync(TimeSpan.FromSeconds(60), Token);
        var typed = TwoComments + request.Text;
        fixture.Analysis.UpdateDocument(fixture.FilePath, typed, 2); // what the server does on didChange
        gate.SetResult();
        var busy = await running;

        Assert.NotNull(busy.Proposal);
        Assert.Equal(quiet.Candidates.Select(c => (c.Verdict, c.Score)), busy.Candidates.Select(c => (c.Verdict, c.Score)));
        Assert.Equal(quiet.Proposal.Hunks.Select(h => (h.Range, h.OldText, h.NewText)), busy.Proposal.Hunks.Select(h => (h.Range, h.OldText, h.NewText)));
        Assert.Equal(quiet.Proposal.BaseTextHash, busy.Proposal.BaseTextHash);
        Assert.Equal(1, busy.Proposal.DocumentVersion);

        // Accept rebases onto the live text: the edits move down two lines and the comments stay.
        editor.Buffers[fixture.FilePath] = typed;
        var plan = await engine.AcceptAsync(busy.Proposal.Id, null, Token);
        Assert.Equal(busy.Proposal.Hunks[0].Range.Start.Line + 2, plan.Edits[0].Range.Start.Line);
        Assert.StartsWith(TwoComments, plan.NewText, StringComparison.Ordinal);
        var quietText = quiet.Proposal.Hunks.OrderByDescending(h => h.Range.Start.Line)
            .Aggregate(request.Text, (text, h) => Replace(text, h.Range, h.NewText));
        Assert.Equal(TwoComments + quietText, plan.NewText);
        Assert.Equal(plan.NewText, editor.Buffers[fixture.FilePath]);
    }

    private static string Replace(string text, Analysis.SourceRange range, string newText)
    {
        var lines = new Text.TextPositions(text);
        var start = lines.Offset(range.Start);
        var end = lines.Offset(range.End);
        return text[..start] + newText + text[end..];
    }
}
