using System.Text.Json.Nodes;

namespace CodeImprove.EndToEnd.Tests;

/// <summary>
/// `codeimprove bench learning` through the real process: the simulated user and scripted model (test doubles) meet the
/// real engine, store and policy, and the same seed gives the same curve. (Its targets are figures of the bench, not of this test.)
/// </summary>
public sealed class LearningBenchTests
{
    [Fact]
    public async Task The_learning_curve_is_the_same_for_the_same_seed()
    {
        string[] args = ["bench", "learning", "--episodes", "40", "--window", "20", "--seed", "3", "--json"];

        var first = await ServerProcess.RunCliAsync(args);
        var second = await ServerProcess.RunCliAsync(args);

        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        Assert.Equal(first.Output, second.Output);
        var report = JsonNode.Parse(first.Output)!;
        Assert.Equal(2, report["windows"]!.AsArray().Count);
        Assert.Equal(40, report["proposed"]!["policy"]!.GetValue<int>()); // every run made a proposal for the user to judge
        var oracle = report["windows"]!.AsArray().Sum(w => w!["oracle"]!.GetValue<double>());
        var random = report["windows"]!.AsArray().Sum(w => w!["random"]!.GetValue<double>());
        Assert.True(oracle > random, $"the oracle ({oracle}) must beat random ({random}) on the same draws");
    }
}
