using CodeImprove.Analysis;
using CodeImprove.Analysis.Diagnostics;
using System.Diagnostics;

namespace CodeImprove.Engine.Tests;

/// <summary>
/// The no-model default where the code has no analyzer package of its own: a plain `dotnet new classlib`-style project
/// and a loose .cs file. The candidates come from the analysis room's built-in improvement rules (code style and .NET
/// analyzers), are checked and scored like any candidate, and the project's published diagnostics stay as they were.
/// </summary>
public sealed class BuiltInRulesDefaultTests
{
    private const string Weak = """
        namespace Plain;

        public static class Lookups
        {
            public static int Total(int[] values)
            {
                var total = 0;
                foreach (var value in values)
                {
                    total = total + value;
                }
                return total;
            }
        }
        """;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_plain_project_without_analyzer_packages_gets_a_compiling_proposal()
    {
        var root = Directory.CreateTempSubdirectory("codeimprove-plain-").FullName;
        await File.WriteAllTextAsync(Path.Combine(root, "Plain.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
            </Project>
            """, Token);
        var path = Path.Combine(root, "Lookups.cs");
        await File.WriteAllTextAsync(path, Weak, Token);
        await RestoreAsync(root);

        using var analysis = await AnalysisWorkspace.OpenPathAsync(Path.Combine(root, "Plain.csproj"), cancellationToken: Token);
        var published = await analysis.Snapshot().GetDiagnosticsAsync(path, cancellationToken: Token);
        await AssertImprovedAsync(analysis, root, path, Path.Combine(root, "Plain.csproj"));

        // What the editor is shown did not gain the improvement rules (the build does not report them either).
        Assert.DoesNotContain(published.Diagnostics, d => d.Id == "IDE0054");
        Assert.Equal(published.Diagnostics.Select(d => d.Id), (await analysis.Snapshot().GetDiagnosticsAsync(path, cancellationToken: Token)).Diagnostics.Select(d => d.Id));
    }

    [Fact]
    public async Task A_loose_file_gets_a_compiling_proposal()
    {
        var root = Directory.CreateTempSubdirectory("codeimprove-loose-").FullName;
        var path = Path.Combine(root, "Lookups.cs");
        await File.WriteAllTextAsync(path, Weak, Token);
        using var analysis = await AnalysisWorkspace.OpenPathAsync(path, cancellationToken: Token);
        await AssertImprovedAsync(analysis, root, path, path);
    }

    private static async Task AssertImprovedAsync(AnalysisWorkspace analysis, string root, string path, string reopen)
    {
        var engine = new ImproveEngine(new EngineDependencies { Analysis = analysis, Options = EngineFixture.Options(), WorkspaceRoot = root });
        var text = await File.ReadAllTextAsync(path, Token);
        var result = await engine.ImproveAsync(new ImproveRequest(path, text, SourceRange.Of(4, 24, 4, 24)), cancellationToken: Token);

        Assert.True(result.Improved, string.Join("; ", result.NoImprovementReasons));
        var proposal = result.Proposal!;
        Assert.Equal("code-fixes", proposal.Strategy);
        Assert.DoesNotContain(proposal.Analysis.Introduced, d => d.Severity == DiagnosticLevel.Error);
        Assert.Contains(proposal.Analysis.Removed, d => d.Id == "IDE0054");
        Assert.Contains("total += value;", proposal.ImprovedCode, StringComparison.Ordinal);
        Assert.True(proposal.Score.Total > 0);

        // Written to disk and analyzed afresh, the file compiles.
        await engine.AcceptAsync(proposal.Id, cancellationToken: Token);
        Assert.Contains("total += value;", await File.ReadAllTextAsync(path, Token), StringComparison.Ordinal);
        using var reopened = await AnalysisWorkspace.OpenPathAsync(reopen, cancellationToken: Token);
        Assert.DoesNotContain((await reopened.Snapshot().GetDiagnosticsAsync(path, cancellationToken: Token)).Diagnostics, d => d.Severity == DiagnosticLevel.Error);
    }

    private static async Task RestoreAsync(string folder)
    {
        using var restore = Process.Start(new ProcessStartInfo("dotnet", ["restore", folder, "-nodeReuse:false"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = restore.StandardOutput.ReadToEndAsync(Token);
        await restore.WaitForExitAsync(Token);
        Assert.True(restore.ExitCode == 0, "dotnet restore failed: " + await output);
    }
}
