using CodeImprove.Analysis.Diagnostics;
using CodeImprove.Analysis.Metrics;

namespace CodeImprove.Analysis.Tests;

[Collection(FixtureCollection.Name)]
public sealed class DiagnosticsTests(FixtureSolution fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CompilerErrorsAndWarningsHaveExactRangesSeveritiesAndLinks()
    {
        var result = await fixture.Workspace.Snapshot().GetDiagnosticsAsync(fixture.ErrorsPath, cancellationToken: Ct);
        var compiler = result.Diagnostics.Where(d => d.Source == "csharp").Select(d => (d.Id, d.Severity, d.Range)).ToList();
        Assert.Equal(
            [
                ("CS0029", DiagnosticLevel.Error, SourceRange.Of(4, 16, 4, 22)),
                ("CS0168", DiagnosticLevel.Warning, SourceRange.Of(5, 12, 5, 13)),
                ("CS0103", DiagnosticLevel.Error, SourceRange.Of(6, 15, 6, 22)),
            ],
            compiler);
        Assert.All(result.Diagnostics.Where(d => d.Source == "csharp"), d => Assert.Contains(d.Id, d.HelpLink, StringComparison.Ordinal));
        Assert.Equal(fixture.ErrorsPath, result.FilePath);
    }

    [Fact]
    public async Task AnalyzersTheProjectReferencesRunWithEditorConfigSeverities()
    {
        var result = await fixture.Workspace.Snapshot().GetDiagnosticsAsync(fixture.GeometryPath, cancellationToken: Ct);
        // Roslynator's RCS1118 is Info by default; the fixture's .editorconfig raises it to warning.
        var constLocals = result.Diagnostics.Where(d => d.Id == "RCS1118").ToList();
        Assert.Equal([SourceRange.Of(4, 8, 4, 11), SourceRange.Of(9, 8, 9, 11)], constLocals.Select(d => d.Range));
        Assert.All(constLocals, d => Assert.Equal((DiagnosticLevel.Warning, "Roslynator.CSharp.Analyzers"), (d.Severity, d.Source)));
        Assert.StartsWith("https://", constLocals[0].HelpLink);
        // The SDK's own analyzers (NetAnalyzers) are analyzer references too.
        Assert.Contains(result.Diagnostics, d => d.Id == "CA1822" && d.Severity == DiagnosticLevel.Information);
        // A project without the package gets no Roslynator diagnostics.
        var app = await fixture.Workspace.Snapshot().GetDiagnosticsAsync(fixture.ComplexPath, cancellationToken: Ct);
        Assert.DoesNotContain(app.Diagnostics, d => d.Id.StartsWith("RCS", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MetricFindingsAppearOnTheComplexMethodsNameWithConfiguredThresholds()
    {
        var defaults = await fixture.Workspace.Snapshot().GetDiagnosticsAsync(fixture.ComplexPath, MetricThresholds.Default, Ct);
        var findings = defaults.Diagnostics.Where(d => d.Source == ImprovementFindings.Source).ToList();
        Assert.Equal(["CI0001", "CI0003"], findings.Select(f => f.Id));
        Assert.All(findings, f => Assert.Equal(SourceRange.Of(3, 25, 3, 33), f.Range));
        Assert.Contains("14", findings[0].Message, StringComparison.Ordinal);

        var relaxed = await fixture.Workspace.Snapshot().GetDiagnosticsAsync(fixture.ComplexPath, new MetricThresholds(CyclomaticComplexity: 14, NestingDepth: 6), Ct);
        Assert.DoesNotContain(relaxed.Diagnostics, d => d.Source == ImprovementFindings.Source);
        var none = await fixture.Workspace.Snapshot().GetDiagnosticsAsync(fixture.ComplexPath, thresholds: null, Ct);
        Assert.DoesNotContain(none.Diagnostics, d => d.Source == ImprovementFindings.Source);
    }

    [Fact]
    public async Task MetricsAreReturnedAsData()
    {
        var metrics = await fixture.Workspace.Snapshot().GetMetricsAsync(fixture.ComplexPath, Ct);
        var classify = Assert.Single(metrics);
        Assert.Equal(("Rules.Classify(int, int[], string?)", 14, 6, 26), (classify.Name, classify.CyclomaticComplexity, classify.MaxNestingDepth, classify.Lines));
        Assert.InRange(classify.MaintainabilityIndex, 1, 60);
    }

    [Fact]
    public async Task ACancelledRequestStops()
    {
        var workspace = fixture.Workspace;
        var text = await File.ReadAllTextAsync(fixture.GeometryPath, Ct);
        workspace.OpenDocument(fixture.GeometryPath, text + "// edited\n", version: 3);
        try
        {
            using var cancelled = new CancellationTokenSource();
            await cancelled.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => workspace.Snapshot().GetDiagnosticsAsync(fixture.GeometryPath, cancellationToken: cancelled.Token));
            // The cancelled computation is not cached: the next request computes the result.
            Assert.Contains((await workspace.Snapshot().GetDiagnosticsAsync(fixture.GeometryPath, cancellationToken: Ct)).Diagnostics, d => d.Id == "CS0219");
        }
        finally
        {
            workspace.CloseDocument(fixture.GeometryPath);
        }
    }
}
