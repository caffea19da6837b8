using CodeImprove.Analysis.CodeActions;

namespace CodeImprove.Analysis.Tests;

[Collection(FixtureCollection.Name)]
public sealed class CodeActionTests(FixtureSolution fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACursorInsideAMethodTargetsTheWholeMethod()
    {
        var targets = await fixture.Workspace.Snapshot().FindImproveTargetsAsync(fixture.ComplexPath, SourceRange.Of(11, 40, 11, 40), Ct);
        var target = Assert.Single(targets);
        Assert.Equal(ImproveTargetKind.Member, target.Kind);
        Assert.Equal(("Rules.Classify(int, int[], string?)", "method"), (target.Name, target.MemberKind));
        Assert.Equal(SourceRange.Of(3, 4, 28, 5), target.Range);
        Assert.Equal(SourceRange.Of(3, 25, 3, 33), target.NameRange);
    }

    [Fact]
    public async Task ASelectionIsWidenedToTheWholeStatementsItTouches()
    {
        // From inside `var result = "";` to inside the `for` header: both statements, the whole loop included.
        var targets = await fixture.Workspace.Snapshot().FindImproveTargetsAsync(fixture.ComplexPath, SourceRange.Of(4, 12, 5, 10), Ct);
        Assert.Equal([ImproveTargetKind.Member, ImproveTargetKind.Selection], targets.Select(t => t.Kind));
        Assert.Equal(SourceRange.Of(4, 8, 26, 9), targets[1].Range);
    }

    [Fact]
    public async Task OutsideAnyMemberThereIsNothingToImprove()
    {
        Assert.Empty(await fixture.Workspace.Snapshot().FindImproveTargetsAsync(fixture.ComplexPath, SourceRange.Of(0, 3, 0, 3), Ct));
    }

    [Fact]
    public async Task AnalyzerPackageFixesAreListedAndResolvedToEdits()
    {
        var workspace = fixture.Workspace;
        var fixes = await workspace.Snapshot().GetCodeFixesAsync(fixture.GeometryPath, SourceRange.Of(9, 9, 9, 9), Ct);
        var fix = Assert.Single(fixes, f => f.Diagnostic.Id == "RCS1118");
        Assert.Contains("const", fix.Title, StringComparison.Ordinal);
        Assert.Equal(SourceRange.Of(9, 8, 9, 11), fix.Reference.DiagnosticRange);

        var edit = await workspace.Snapshot().ResolveCodeFixAsync(fix.Reference, Ct);
        var change = Assert.Single(edit!.Changes);
        Assert.Equal(fixture.GeometryPath, change.FilePath);
        var text = await workspace.Snapshot().GetTextAsync(fixture.GeometryPath, Ct);
        var fixedLine = Apply(text, change.Edits).Split('\n')[9];
        Assert.Equal("        const int factor = 3;", fixedLine);
    }

    [Fact]
    public async Task AFixNoLongerOfferedResolvesToNull()
    {
        var workspace = fixture.Workspace;
        var fix = (await workspace.Snapshot().GetCodeFixesAsync(fixture.GeometryPath, SourceRange.Of(9, 9, 9, 9), Ct)).First(f => f.Diagnostic.Id == "RCS1118");
        var text = await workspace.Snapshot().GetTextAsync(fixture.GeometryPath, Ct);
        workspace.OpenDocument(fixture.GeometryPath, text.Replace("int factor = 3;", "const int factor = 3;", StringComparison.Ordinal), version: 2);
        try
        {
            Assert.Null(await workspace.Snapshot().ResolveCodeFixAsync(fix.Reference, Ct));
        }
        finally
        {
            workspace.CloseDocument(fixture.GeometryPath);
        }
    }

    /// <summary>Applies edits (ranges in the original text) from last to first, as an editor would.</summary>
    internal static string Apply(string text, IEnumerable<TextEditResult> edits)
    {
        var lines = text.Split('\n');
        int Offset(SourcePosition p) => lines.Take(p.Line).Sum(l => l.Length + 1) + p.Character;
        foreach (var edit in edits.OrderByDescending(e => Offset(e.Range.Start)))
        {
            var start = Offset(edit.Range.Start);
            text = text[..start] + edit.NewText + text[Offset(edit.Range.End)..];
        }
        return text;
    }
}
