using CodeImprove.Analysis;
using CodeImprove.Analysis.Diagnostics;
using CodeImprove.History;
using CodeImprove.Memory;

namespace CodeImprove.Engine.Tests;

/// <summary>With no model configured, improve proposes the project's own Roslyn code fixes, checked and scored like any candidate.</summary>
public sealed class NoModelDefaultTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Code_fixes_on_real_sample_files_give_compiling_improvements_that_apply()
    {
        var root = await CorpusCopy.CreateAsync(Token);
        var path = Path.Combine(root, "Arithmetic.cs");
        var improved = new List<Proposal>();
        using (var analysis = await AnalysisWorkspace.OpenPathAsync(Path.Combine(root, "Corpus.csproj"), cancellationToken: Token))
        {
            await using var memory = await EpisodeStore.OpenAsync(EpisodeStoreOptions.ForWorkspace(root), Token);
            using var history = RollbackPointStore.Open(root);
            var engine = new ImproveEngine(new EngineDependencies
            {
                Analysis = analysis, Options = EngineFixture.Options(), Memory = memory, History = history, WorkspaceRoot = root,
            });
            var text = await File.ReadAllTextAsync(path, Token);
            // SumTo (compound assignment) and IsEven (if/else returning booleans).
            foreach (var line in new[] { 5, 16 })
            {
                var result = await engine.ImproveAsync(new ImproveRequest(path, text, SourceRange.Of(line, 24, line, 24)), cancellationToken: Token);
                Assert.True(result.Improved, $"line {line + 1}: " + string.Join("; ", result.NoImprovementReasons));
                Assert.Equal("code-fixes", result.Proposal!.Strategy);
                Assert.DoesNotContain(result.Proposal.Analysis.Introduced, d => d.Severity == DiagnosticLevel.Error);
                Assert.NotEmpty(result.Proposal.Analysis.Removed);
                improved.Add(result.Proposal);
            }
            Assert.Contains("total += i", improved[0].ImprovedCode);
            Assert.DoesNotContain("else", improved[1].ImprovedCode);
            await engine.AcceptAsync(improved[0].Id, cancellationToken: Token);
            Assert.Single(await history.ListAsync(Token));
        }

        // The written file compiles: a fresh analysis of the project finds no errors in it.
        using var reopened = await AnalysisWorkspace.OpenPathAsync(Path.Combine(root, "Corpus.csproj"), cancellationToken: Token);
        var diagnostics = await reopened.Snapshot().GetDiagnosticsAsync(path, cancellationToken: Token);
        Assert.DoesNotContain(diagnostics.Diagnostics, d => d.Severity == DiagnosticLevel.Error);
        Assert.Contains("total += i", await File.ReadAllTextAsync(path, Token));
    }
}
