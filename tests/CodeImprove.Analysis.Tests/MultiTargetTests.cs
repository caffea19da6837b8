namespace CodeImprove.Analysis.Tests;

/// <summary>Every target framework of a multi-targeting project is checked, and only changed lines are formatted.</summary>
public sealed class MultiTargetTests(MultiTargetProject project) : IClassFixture<MultiTargetProject>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // In Counts.cs: the if statement of Add, lines 8-11; Legacy (netstandard2.0 only) lines 15-19.
    private static readonly SourceRange AddStatement = SourceRange.Of(8, 12, 11, 13);

    [Fact]
    public async Task ACandidateThatBreaksOneFrameworkIsRefusedNamingIt()
    {
        // CA1864's fix: Dictionary.TryAdd exists on net10.0 but not on netstandard2.0.
        var report = await project.Workspace.Snapshot().CheckCandidateAsync(project.CountsPath, AddStatement, "counts.TryAdd(key, 1);", Ct);
        Assert.True(report.HasNewErrors);
        var error = Assert.Single(report.Introduced, d => d.Id == "CS1061");
        Assert.EndsWith("(in netstandard2.0 only)", error.Message, StringComparison.Ordinal);
        Assert.Contains("TryAdd", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACandidateEveryFrameworkCompilesIsNotRefused()
    {
        var report = await project.Workspace.Snapshot().CheckCandidateAsync(project.CountsPath, AddStatement, "if (!counts.ContainsKey(key)) counts[key] = 1;", Ct);
        Assert.False(report.HasNewErrors, string.Join("; ", report.Introduced.Select(d => d.Message)));
    }

    [Fact]
    public async Task DiagnosticsCoverEveryFrameworkAndNameTheOnesThatOnlySomeHave()
    {
        var diagnostics = await project.Workspace.Snapshot().GetDiagnosticsAsync(project.CountsPath, cancellationToken: Ct);
        var unused = Assert.Single(diagnostics.Diagnostics, d => d.Id == "CS0219");
        Assert.Equal(17, unused.Range.Start.Line);
        Assert.EndsWith("(in netstandard2.0 only)", unused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMemberOnlyOneFrameworkCompilesIsATargetWithMetrics()
    {
        var snapshot = project.Workspace.Snapshot();
        var target = Assert.Single(await snapshot.FindImproveTargetsAsync(project.CountsPath, SourceRange.Of(18, 16, 18, 16), Ct));
        Assert.Equal(("Counts.Legacy(int)", 15), (target.Name, target.Range.Start.Line));
        Assert.Equal(["Counts.Add(Dictionary<string, int>, string)", "Counts.Legacy(int)"], (await snapshot.GetMetricsAsync(project.CountsPath, Ct)).Select(m => m.Name));
        var root = await snapshot.GetSyntaxRootAsync(project.CountsPath, target.Range.Start, Ct);
        Assert.Contains(root.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>(), m => m.Identifier.Text == "Legacy");
        // Checked where it compiles: removing the unused local removes CS0219 (netstandard2.0 only).
        var report = await snapshot.CheckCandidateAsync(project.CountsPath, target.Range, "public static int Legacy(int value)\n        {\n            return value;\n        }", Ct);
        Assert.Contains(report.Removed, d => d.Id == "CS0219");
        Assert.False(report.HasNewErrors);
    }

    [Fact]
    public async Task OnlyTheChangedLinesAreFormattedAndKeptLinesKeepTheirEndings()
    {
        var snapshot = project.Workspace.Snapshot();
        var text = await snapshot.GetTextAsync(project.LayoutPath, Ct);
        var method = SourceRange.Of(4, 8, 8, 9);
        var original = string.Join("\n", text.Split('\n')[4..9])[8..];
        // One line changed (and written unformatted); the odd braces and spacing of the others are the author's.
        var candidate = original.Replace("int total = a+b;", "var total=a+b;", StringComparison.Ordinal);
        var report = await snapshot.CheckCandidateAsync(project.LayoutPath, method, candidate, Ct);
        Assert.Equal(original.Replace("int total = a+b;", "var total = a + b;", StringComparison.Ordinal), report.FormattedReplacement);
        Assert.DoesNotContain('\r', report.FormattedReplacement);
    }

    [Fact]
    public async Task ACallThatBindsToAnotherOverloadIsReported()
    {
        var snapshot = project.Workspace.Snapshot();
        var statement = SourceRange.Of(8, 12, 8, 60);
        var report = await snapshot.CheckCandidateAsync(project.SizesPath, statement, "return encoding.GetByteCount([c]);", Ct);
        var change = Assert.Single(report.BehaviourChanges);
        Assert.Equal(Candidates.BehaviourChangeKind.Overload, change.Kind);
        Assert.Contains("ReadOnlySpan<char>", change.Message, StringComparison.Ordinal);
        Assert.Contains("char[]", change.Message, StringComparison.Ordinal);

        // The same call written another way, binding to the same overload, is no sign of anything.
        var same = await snapshot.CheckCandidateAsync(project.SizesPath, statement, "return encoding.GetByteCount(new[] { c });", Ct);
        Assert.Empty(same.BehaviourChanges);
    }
}
