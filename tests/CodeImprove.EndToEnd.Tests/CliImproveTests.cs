using System.Text.Json.Nodes;

namespace CodeImprove.EndToEnd.Tests;

/// <summary>
/// `codeimprove improve --all`, `--member`, a property's line and `review` as real processes on a restored project in a
/// real git repository: one report for every member, one rollback point per applied proposal, exit codes scripts can
/// rely on, and the same workspace root (the repository's) for episodes and history wherever a command starts.
/// </summary>
public sealed class CliImproveTests
{
    // The sample's CountLarge, then a property with a body in its accessor (line 18) and a loop that sums (Total).
    private static readonly string Code = SampleProject.Code.TrimEnd()[..^1] + """

            public static string Label
            {
                get
                {
                    string text = "orders";
                    return text;
                }
            }

            public static int Total(int[] amounts)
            {
                int total = 0;
                foreach (var amount in amounts)
                {
                    total = total + amount;
                }
                return total;
            }
        }

        """;

    [Fact]
    public async Task Improve_all_reports_every_member_and_applies_each_proposal_with_its_own_rollback_point()
    {
        using var project = SampleProject.Create(Code);
        var before = await File.ReadAllBytesAsync(project.SamplePath, TestContext.Current.CancellationToken);

        var (exitCode, output, error) = await ServerProcess.RunCliAsync("improve", project.Root, "--all", "--json");
        Assert.True(exitCode == 0, error);
        var report = JsonNode.Parse(output)!;
        var targets = report["targets"]!.AsArray();
        // Every member once (the property by its accessor, as the property), last first within the file.
        Assert.Equal(["Orders.Total(int[])", "Orders.Label", "Orders.CountLarge(int[])"], targets.Select(t => t!["member"]!.GetValue<string>()));
        var proposals = targets.Count(t => t!["improved"]!.GetValue<bool>());
        Assert.True(proposals >= 2, output);
        Assert.Equal(before, await File.ReadAllBytesAsync(project.SamplePath, TestContext.Current.CancellationToken));

        var sarifPath = Path.Combine(project.Root, "report.sarif");
        (exitCode, output, error) = await ServerProcess.RunCliAsync("improve", project.Root, "--all", "--apply", "--exit-code", "--sarif", sarifPath);
        Assert.True(exitCode == 1, $"--exit-code with proposals must exit 1, got {exitCode}: {error}");
        var sarif = JsonNode.Parse(await File.ReadAllTextAsync(sarifPath, TestContext.Current.CancellationToken))!;
        Assert.Equal("2.1.0", sarif["version"]!.GetValue<string>());
        var results = sarif["runs"]![0]!["results"]!.AsArray();
        Assert.Equal(proposals, results.Count);
        Assert.All(results, r => Assert.Equal("Sample.cs", r!["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!.GetValue<string>()));
        Assert.NotEqual(before, await File.ReadAllBytesAsync(project.SamplePath, TestContext.Current.CancellationToken));
        project.Build(); // what was applied still builds

        // Started from a subfolder, history and episodes find the repository's state.
        var sub = Directory.CreateDirectory(Path.Combine(project.Root, "docs")).FullName;
        var (historyCode, history, historyError) = await ServerProcess.RunCliAsync("history", "--workspace", sub, "--json");
        Assert.True(historyCode == 0, historyError);
        Assert.Equal(proposals, JsonNode.Parse(history)!["points"]!.AsArray().Count);
        var (episodesCode, episodes, episodesError) = await ServerProcess.RunCliAsync("episodes", "--workspace", sub, "--json");
        Assert.True(episodesCode == 0, episodesError);
        Assert.Contains("accepted", episodes, StringComparison.Ordinal);

        // Each point rolls back on its own (its hunks, whatever the others did); together they give the original bytes.
        foreach (var point in JsonNode.Parse(history)!["points"]!.AsArray())
        {
            var (rollbackCode, _, rollbackError) = await ServerProcess.RunCliAsync("rollback", point!["id"]!.GetValue<string>(), "--workspace", project.Root, "--merge");
            Assert.True(rollbackCode == 0, rollbackError);
        }
        Assert.Equal(before, await File.ReadAllBytesAsync(project.SamplePath, TestContext.Current.CancellationToken));
    }

    /// <summary>
    /// Piped output is neither wrapped nor coloured: the diff of a 150-character line in a file without a final line break
    /// applies with git apply.
    /// </summary>
    [Fact]
    public async Task Piped_output_is_neither_wrapped_nor_coloured_and_its_diff_applies()
    {
        const string longLine = "        total = total + alphaValueWithAVeryLongName + betaValueWithAnEvenLongerNameThanAlpha + gammaValueThatIsAlsoLong + alphaValueWithAVeryLongName;";
        using var project = SampleProject.Create(SampleProject.Code.TrimEnd()[..^1] + $$"""

                public static int Compute(int alphaValueWithAVeryLongName, int betaValueWithAnEvenLongerNameThanAlpha, int gammaValueThatIsAlsoLong)
                {
                    int total = 0;
            {{longLine}}
                    return total;
                }
            }
            """);

        var (exitCode, output, error) = await ServerProcess.RunCliAsync("improve", project.SamplePath, "--member", "Compute");

        Assert.True(exitCode == 0, error);
        Assert.DoesNotContain('\u001b', output);
        Assert.Contains("-" + longLine.ReplaceLineEndings(""), output.ReplaceLineEndings("\n").Split('\n'));
        var patch = Path.Combine(project.Root, "improve.patch");
        await File.WriteAllTextAsync(patch, output);
        project.Git("apply", "--check", patch);
    }

    [Fact]
    public async Task A_member_by_name_a_property_line_and_no_improvement_exit_zero()
    {
        using var project = SampleProject.Create(Code);
        var (exitCode, output, error) = await ServerProcess.RunCliAsync("improve", project.SamplePath, "--member", "Total", "--json");
        Assert.True(exitCode == 0, error);
        Assert.Contains("total += amount", JsonNode.Parse(output)!["result"]!["proposal"]!["improvedCode"]!.GetValue<string>(), StringComparison.Ordinal);

        // The line of a property whose accessor has a body: the property is the target.
        (exitCode, output, error) = await ServerProcess.RunCliAsync("improve", project.SamplePath + ":18", "--json");
        Assert.True(exitCode == 0, error);
        Assert.Contains("Label", JsonNode.Parse(output)!["result"]!["proposal"]!["originalCode"]!.GetValue<string>(), StringComparison.Ordinal);

        (exitCode, _, error) = await ServerProcess.RunCliAsync("improve", project.SamplePath, "--member", "Missing");
        Assert.Equal(2, exitCode);
        Assert.Contains("has no member 'Missing'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_improves_only_the_members_a_range_touches()
    {
        using var project = SampleProject.Create(Code);
        var text = await File.ReadAllTextAsync(project.SamplePath, TestContext.Current.CancellationToken);
        // A comment in Total and a changed literal inside Label's getter: both members, CountLarge not.
        await File.WriteAllTextAsync(project.SamplePath, text.Replace("int total = 0;", "int total = 0; // running sum", StringComparison.Ordinal)
            .Replace("\"orders\"", "\"all orders\"", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        var (exitCode, output, error) = await ServerProcess.RunCliAsync("review", "HEAD", "--workspace", project.Root, "--json");
        Assert.True(exitCode == 0, error);
        Assert.Equal(["Orders.Total(int[])", "Orders.Label"], JsonNode.Parse(output)!["targets"]!.AsArray().Select(t => t!["member"]!.GetValue<string>()));

        (exitCode, _, error) = await ServerProcess.RunCliAsync("review", "no-such-branch..HEAD", "--workspace", project.Root);
        Assert.Equal(2, exitCode);
        Assert.Contains("'no-such-branch' names no commit", error, StringComparison.Ordinal);
    }
}
