using CodeImprove.Analysis;
using CodeImprove.Analysis.Tests;

namespace CodeImprove.Engine.Tests;

/// <summary>The no-model default survives third-party fix providers that throw: the working fix still becomes the proposal.</summary>
public sealed class FaultyFixerDefaultTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Fixes_that_throw_are_skipped_and_the_working_one_is_proposed()
    {
        var root = Directory.CreateTempSubdirectory("codeimprove-faulty-engine-").FullName;
        var (project, path) = await FaultyFixerProject.CreateAsync(root, """
            namespace Faulty;

            public static class Sums
            {
                public static int Next(int value)
                {
                    return value + 0;
                }
            }
            """, Token);
        using var analysis = await AnalysisWorkspace.OpenPathAsync(project, cancellationToken: Token);
        var engine = new ImproveEngine(new EngineDependencies { Analysis = analysis, Options = EngineFixture.Options(), WorkspaceRoot = root });

        var text = await File.ReadAllTextAsync(path, Token);
        var result = await engine.ImproveAsync(new ImproveRequest(path, text, SourceRange.Of(4, 24, 4, 24)), cancellationToken: Token);

        Assert.True(result.Improved, string.Join("; ", result.NoImprovementReasons));
        Assert.Contains("return value;", result.Proposal!.ImprovedCode, StringComparison.Ordinal);
        Assert.Contains(result.Proposal.Analysis.Removed, d => d.Id == "FLT001");
    }
}
