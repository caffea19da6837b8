using CodeImprove.Analysis.Diagnostics;
using Microsoft.CodeAnalysis;

namespace CodeImprove.Analysis.Tests;

/// <summary>Analyzers whose rules are all off are not run; turning a rule on in .editorconfig runs its analyzer again.</summary>
[Collection(FixtureCollection.Name)]
public sealed class EnabledAnalyzersTests(FixtureSolution fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ARuleTurnedOnInEditorConfigRunsItsAnalyzerAgain()
    {
        var workspace = fixture.Workspace;
        var path = Path.Combine(fixture.Root, "Lib", "Awaits.cs");
        var editorConfig = Path.Combine(fixture.Root, ".editorconfig");
        var originalConfig = await File.ReadAllTextAsync(editorConfig, Ct);
        try
        {
            // CA2007 (ConfigureAwait) is off by default in the SDK's .NET analyzers.
            fixture.Write("Lib/Awaits.cs", "namespace Fixture.Lib; public class Awaits { public async System.Threading.Tasks.Task Run() { await System.Threading.Tasks.Task.Delay(1); } }");
            await workspace.ApplyFileChangesAsync([new FileChange(path, FileChangeKind.Created)], cancellationToken: Ct);
            Assert.DoesNotContain((await workspace.Snapshot().GetDiagnosticsAsync(path, cancellationToken: Ct)).Diagnostics, d => d.Id == "CA2007");
            Assert.False(await RunsRuleAsync(path, DiagnosticView.Project, "CA2007"));
            await AssertFewerRunAsync(path);

            fixture.Write(".editorconfig", originalConfig + "\ndotnet_diagnostic.CA2007.severity = warning\n");
            await workspace.ApplyFileChangesAsync([new FileChange(editorConfig, FileChangeKind.Changed)], cancellationToken: Ct);
            Assert.True(await RunsRuleAsync(path, DiagnosticView.Project, "CA2007"));
            var warning = Assert.Single((await workspace.Snapshot().GetDiagnosticsAsync(path, cancellationToken: Ct)).Diagnostics, d => d.Id == "CA2007");
            Assert.Equal(DiagnosticLevel.Warning, warning.Severity);
        }
        finally
        {
            fixture.Write(".editorconfig", originalConfig);
            await workspace.ApplyFileChangesAsync([new FileChange(editorConfig, FileChangeKind.Changed)], cancellationToken: Ct);
            File.Delete(path);
            await workspace.ApplyFileChangesAsync([new FileChange(path, FileChangeKind.Deleted)], cancellationToken: Ct);
        }
    }

    private async Task<bool> RunsRuleAsync(string path, DiagnosticView view, string id)
    {
        var (document, set) = Lookup(path, view);
        return EnabledAnalyzers.For(document.Project, view, (await document.GetSyntaxTreeAsync(Ct))!, Ct)
            .Any(a => set.RulesOf(a).Any(r => r.Id == id));
    }

    /// <summary>Fewer analyzers than the view has (most .NET analyzer rules are off); fewer still for candidates (hidden-only rules).</summary>
    private async Task AssertFewerRunAsync(string path)
    {
        var (document, project) = Lookup(path, DiagnosticView.Project);
        var (_, improvement) = Lookup(path, DiagnosticView.Improvement);
        var tree = (await document.GetSyntaxTreeAsync(Ct))!;
        var projectRun = EnabledAnalyzers.For(document.Project, DiagnosticView.Project, tree, Ct);
        var improvementRun = EnabledAnalyzers.For(document.Project, DiagnosticView.Improvement, tree, Ct);
        var candidateRun = EnabledAnalyzers.For(document.Project, DiagnosticView.Candidate, tree, Ct);
        Assert.InRange(projectRun.Length, 1, project.Analyzers.Length - 1);
        Assert.InRange(candidateRun.Length, 1, improvementRun.Length - 1);
        Assert.Subset(improvement.Analyzers.ToHashSet(), candidateRun.ToHashSet());
        // The improvement rules stay in the candidate view: IDE0059 (unnecessary assignment) among them.
        Assert.Contains(candidateRun, a => improvement.RulesOf(a).Any(r => r.Id == "IDE0059"));
    }

    private (Document Document, AnalyzerSet Set) Lookup(string path, DiagnosticView view)
    {
        var solution = fixture.Workspace.Snapshot().Solution;
        var document = solution.GetDocument(solution.GetDocumentIdsWithFilePath(path).Single())!;
        return (document, AnalyzerSet.Of(document.Project, view));
    }
}
