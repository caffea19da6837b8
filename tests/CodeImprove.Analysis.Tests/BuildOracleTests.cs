using System.Text.RegularExpressions;
using CodeImprove.Analysis.Diagnostics;

namespace CodeImprove.Analysis.Tests;

/// <summary>The oracle: the warnings and errors reported for the fixture equal those `dotnet build` reports (same ids, files, lines).</summary>
[Collection(FixtureCollection.Name)]
public sealed partial class BuildOracleTests(FixtureSolution fixture)
{
    [GeneratedRegex(@"^(?<file>/[^(]+)\((?<line>\d+),\d+\): (warning|error) (?<id>[A-Z]+\d+):", RegexOptions.Multiline)]
    private static partial Regex BuildDiagnostic();

    [Fact]
    public async Task WarningsAndErrorsEqualThoseOfDotnetBuild()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, output) = await DotNetCli.RunAsync(fixture.Root, "build", fixture.SolutionPath, "--no-restore", "-p:UseSharedCompilation=false", "-nodeReuse:false");
        var built = BuildDiagnostic().Matches(output)
            .Select(m => (File: m.Groups["file"].Value, Line: int.Parse(m.Groups["line"].Value), Id: m.Groups["id"].Value))
            .Where(d => !d.File.Contains("/obj/", StringComparison.Ordinal))
            .ToHashSet();
        Assert.True(built.Count >= 4, "the build should report the fixture's errors and warnings:\n" + output);

        var ours = new HashSet<(string, int, string)>();
        foreach (var path in fixture.Workspace.Snapshot().DocumentPaths)
        {
            foreach (var d in (await fixture.Workspace.Snapshot().GetDiagnosticsAsync(path, cancellationToken: ct)).Diagnostics)
            {
                if (d.Severity is DiagnosticLevel.Error or DiagnosticLevel.Warning)
                {
                    ours.Add((d.FilePath, d.Range.Start.Line + 1, d.Id));
                }
            }
        }
        Assert.Equal(built.Order(), ours.Order());
        Assert.Contains(ours, d => d.Item3 == "RCS1118"); // analyzer warnings take part, not only the compiler's
    }
}
