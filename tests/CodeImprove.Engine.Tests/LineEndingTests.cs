using static CodeImprove.Engine.Tests.EngineFixture;

namespace CodeImprove.Engine.Tests;

/// <summary>
/// A proposal changes only the lines it rewrites: kept lines keep their own endings (a file with mixed endings stays
/// mixed), new lines take the file's dominant one, whatever the model or an .editorconfig says.
/// </summary>
public sealed class LineEndingTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Kept_lines_keep_their_endings_and_new_lines_take_the_dominant_one()
    {
        // CRLF throughout, except the line that declares total (LF); the .editorconfig asks for LF everywhere.
        var text = Sample.ReplaceLineEndings("\r\n").Replace("int total = 0;\r\n", "int total = 0;\n", StringComparison.Ordinal);
        await using var fixture = await CreateAsync(text);
        await File.WriteAllTextAsync(Path.Combine(fixture.Root, ".editorconfig"), "root = true\n\n[*.cs]\nend_of_line = lf\n", Token);
        var model = new ScriptedModel(4096, Fenced(Flatter)); // written with LF endings
        var result = await fixture.Engine(model, Options(maxCycles: 1, maxReflect: 0)).ImproveAsync(fixture.Request(), cancellationToken: Token);

        var proposal = Assert.IsType<Proposal>(result.Proposal);
        Assert.Contains("int total = 0;\n", proposal.ImprovedCode, StringComparison.Ordinal);
        Assert.Equal(1, proposal.ImprovedCode.Split('\n').SkipLast(1).Count(line => !line.EndsWith('\r')));
        // The kept line is in no hunk: hunks show only what changed.
        var totalLine = text.Split('\n').ToList().FindIndex(l => l.Contains("int total = 0;", StringComparison.Ordinal));
        Assert.DoesNotContain(proposal.Hunks, h => h.Range.Start.Line <= totalLine && totalLine < h.Range.End.Line);
    }
}
