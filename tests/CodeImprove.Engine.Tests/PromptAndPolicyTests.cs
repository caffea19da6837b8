using CodeImprove.Engine.Candidates;
using CodeImprove.Engine.Prompts;
using CodeImprove.Engine.Strategies;
using CodeImprove.Memory;
using Microsoft.CodeAnalysis.CSharp;

namespace CodeImprove.Engine.Tests;

public sealed class PromptAndPolicyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static readonly CodeTarget Target = new(true, SyntaxKind.MethodDeclaration, "Calc.Twice(int)", default, 0, "public static int Twice(int x) => x * 2;");

    private static SimilarEpisode Example(int i) =>
        new(i, 0.9, "a.cs", "", "readability", EpisodeDecision.Accepted, null, new string('a', 400), new string('b', 400));

    private static PromptInput Input(int examples) => new(StrategyCatalog.Get("readability"), "keep it short", Target, ["CS0168 unused (line 1)"],
        ["public static class Calc", "    public static int Half(int x);"], Enumerable.Range(1, examples).Select(Example).ToList());

    [Fact]
    public async Task The_prompt_carries_the_target_signatures_diagnostics_and_examples_when_they_fit()
    {
        var prompt = await new PromptBuilder(new ScriptedModel(8192), 1024).BuildAsync(Input(2), Token);
        var user = prompt.Messages[1].Content;
        Assert.Equal((2, true), (prompt.ExamplesUsed, prompt.SignaturesUsed));
        Assert.Contains("public static int Twice(int x) => x * 2;", user);
        Assert.Contains("public static int Half(int x);", user);
        Assert.Contains("CS0168", user);
        Assert.Contains("keep it short", user);
        Assert.True(prompt.Tokens <= 8192 - 1024);
    }

    [Fact]
    public async Task Examples_are_dropped_first_then_signatures_and_a_target_too_large_is_refused()
    {
        // About 200 tokens each example, ~170 for the rest; leave room for one example only.
        var oneExample = await new PromptBuilder(new ScriptedModel(512 + 64), 64).BuildAsync(Input(3), Token);
        Assert.Equal((1, true), (oneExample.ExamplesUsed, oneExample.SignaturesUsed));

        var none = await new PromptBuilder(new ScriptedModel(200 + 64), 64).BuildAsync(Input(3), Token);
        Assert.Equal(0, none.ExamplesUsed);

        var huge = Target with { Code = "public static int Twice(int x) => " + string.Join(" + ", Enumerable.Repeat("x", 2000)) + ";" };
        var error = await Assert.ThrowsAsync<TargetTooLargeException>(() =>
            new PromptBuilder(new ScriptedModel(1024), 256).BuildAsync(Input(0) with { Target = huge }, Token));
        Assert.Equal(768, error.Available);
        Assert.True(error.PromptTokens > error.Available && error.PromptTokens > error.TargetTokens);
        Assert.Contains("model.contextSize", error.Message);
    }

    [Fact]
    public async Task The_reply_budget_comes_from_the_target_within_model_max_tokens_and_half_the_context()
    {
        var model = new ScriptedModel(4096); // 4 characters a token
        Assert.Equal(100 * 3 / 2 + 96, await PromptBuilder.ReplyBudgetAsync(model, new string('x', 400), 1024, Token));
        Assert.Equal(200, await PromptBuilder.ReplyBudgetAsync(model, new string('x', 400), 200, Token));
        Assert.Equal(2048, await PromptBuilder.ReplyBudgetAsync(model, new string('x', 40_000), 100_000, Token));
    }

    [Fact]
    public async Task Thompson_sampling_is_reproducible_and_learns_from_recorded_decisions()
    {
        var root = Directory.CreateTempSubdirectory("codeimprove-policy-").FullName;
        await using var memory = await EpisodeStore.OpenAsync(EpisodeStoreOptions.ForWorkspace(root), Token);
        var features = CodeFeatures.Of("int F(int[] a) { var s = 0; foreach (var x in a) s += x; return s; }");
        const string code = "int F(int[] a) { var s = 0; foreach (var x in a) s += x; return s; }";

        var first = await Choices(new StrategyPolicy(memory, new Random(3)));
        Assert.Equal(first, await Choices(new StrategyPolicy(memory, new Random(3))));

        for (var i = 0; i < 30; i++)
        {
            var id = await memory.AddEpisodeAsync(new EpisodeDraft
            {
                Workspace = root, File = "a.cs", Span = default, Instruction = "", Strategy = "recursion-to-iteration",
                OriginalCode = code, FinalCode = code + " ", Decision = EpisodeDecision.Accepted,
            }, Token);
            Assert.NotNull(id);
        }
        var beliefs = await new StrategyPolicy(memory, new Random(3)).GetBeliefsAsync(features, code, Token);
        var learned = beliefs.Single(b => b.Strategy == "recursion-to-iteration");
        Assert.Equal(30, learned.Accepted);
        Assert.True(learned.Mean > beliefs.Where(b => b != learned).Max(b => b.Mean));
        var after = await Choices(new StrategyPolicy(memory, new Random(3)));
        Assert.True(after.Count(s => s == "recursion-to-iteration") >= 15, string.Join(",", after));

        async Task<List<string>> Choices(StrategyPolicy policy)
        {
            var picks = new List<string>();
            for (var i = 0; i < 20; i++)
            {
                picks.Add((await policy.ChooseAsync(features, code, new HashSet<string>(), Token)).Name);
            }
            return picks;
        }
    }
    /// <summary>
    /// Two arms, a clear winner against the prior: the code's nesting suits "readability", which this simulated user accepts
    /// 20% of the time, while they accept "alternative" 90%. Over 100 seeded episodes in a real store the policy must beat
    /// a random choice facing the same draws, and settle on the winner.
    /// </summary>
    [Fact]
    public async Task On_two_arms_with_a_clear_winner_the_policy_beats_random_within_100_episodes()
    {
        var root = Directory.CreateTempSubdirectory("codeimprove-policy-").FullName;
        await using var memory = await EpisodeStore.OpenAsync(EpisodeStoreOptions.ForWorkspace(root), Token);
        const string code = "int F(int a, int b) { if (a > 0) { if (b > 0) { if (a > b) { return a - b; } } } return 0; }";
        var features = CodeFeatures.Of(code, maxNesting: 3);
        var acceptance = new Dictionary<string, double> { ["readability"] = 0.2, ["alternative"] = 0.9 };
        var exclude = StrategyCatalog.All.Select(s => s.Name).Where(name => !acceptance.ContainsKey(name)).ToHashSet();
        var policy = new StrategyPolicy(memory, new Random(5));
        var user = new Random(9);
        var arms = acceptance.Keys.ToList();
        var (policyAccepted, randomAccepted, lateWinner) = (0, 0, 0);
        for (var episode = 0; episode < 100; episode++)
        {
            var draw = user.NextDouble();
            var chosen = (await policy.ChooseAsync(features, code, exclude, Token)).Name;
            var accepted = draw < acceptance[chosen];
            policyAccepted += accepted ? 1 : 0;
            randomAccepted += draw < acceptance[arms[user.Next(arms.Count)]] ? 1 : 0;
            lateWinner += episode >= 50 && chosen == "alternative" ? 1 : 0;
            await memory.AddEpisodeAsync(new EpisodeDraft
            {
                Workspace = root, File = "a.cs", Span = default, Instruction = "", Strategy = chosen,
                OriginalCode = code, FinalCode = code + " ", Decision = accepted ? EpisodeDecision.Accepted : EpisodeDecision.Rejected,
            }, Token);
        }

        Assert.True(policyAccepted > randomAccepted + 15, $"policy accepted {policyAccepted}, random {randomAccepted}");
        Assert.True(lateWinner >= 45, $"the winner was chosen {lateWinner} times of the last 50");
    }
}
