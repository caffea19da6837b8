using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using CodeImprove.Analysis;
using CodeImprove.Engine;
using CodeImprove.Engine.Configuration;
using CodeImprove.Engine.Sessions;
using CodeImprove.Engine.Strategies;
using CodeImprove.Memory;

namespace CodeImprove.Cli.Bench;

/// <summary>
/// `codeimprove bench learning [--episodes N] [--seed S] [--json]`: does the product get better with use? A simulated user
/// and a scripted model (<see cref="LearningWorld"/>, test doubles) meet the real engine, episode store and strategy
/// policy, one improve run per episode (one cycle, no reflection). Three arms see the same code and the same user draws:
/// the policy, a uniformly random strategy and the oracle (the strategy this user accepts most on that kind of code). It
/// prints acceptance per window and the policy's cumulative regret (expected acceptance lost against the oracle).
/// Targets: over episodes 200-300 the policy within 10% of the oracle and at least 1.5x random.
/// </summary>
internal static class LearningBench
{
    private const string Prologue = "namespace Bench;\n\npublic static class Learning\n{\n";

    public static Command Create()
    {
        var episodes = new Option<int>("--episodes") { Description = "Episodes per arm.", DefaultValueFactory = _ => 300 };
        var seed = new Option<int>("--seed") { Description = "Seeds the code, the user's draws and the policy: the same seed gives the same curve.", DefaultValueFactory = _ => 1 };
        var window = new Option<int>("--window") { Description = "Episodes per acceptance figure.", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("learning", "Acceptance over episodes for the strategy policy against random choice and the oracle (simulated user, scripted model).") { episodes, seed, window, json };
        CliAction.Set(command, (parse, ct) => RunAsync(parse.GetValue(episodes), parse.GetValue(seed), parse.GetValue(window), parse.GetValue(json), ct));
        return command;
    }

    private sealed record Episode(CodeKind Kind, string Original, string Rewrite, double Draw, string RandomStrategy);

    private sealed record Outcome(string? Strategy, bool Proposed, bool Accepted, double Expected);

    private static async Task<int> RunAsync(int count, int seed, int window, bool json, CancellationToken cancellationToken)
    {
        if (count < 1 || window < 1)
        {
            throw new CliException("need --episodes >= 1 and --window >= 1.");
        }
        var world = new Random(seed);
        var strategies = StrategyCatalog.All.Select(s => s.Name).ToList();
        var episodes = Enumerable.Range(0, count).Select(i =>
        {
            var kind = LearningWorld.Kinds[world.Next(LearningWorld.Kinds.Count)];
            var (original, rewrite) = LearningWorld.Instance(kind, i, world);
            return new Episode(kind, original, rewrite, world.NextDouble(), strategies[world.Next(strategies.Count)]);
        }).ToList();

        var root = Directory.CreateTempSubdirectory("codeimprove-bench-learning-").FullName;
        try
        {
            var path = Path.Combine(root, "Learning.cs");
            await File.WriteAllTextAsync(path, Text(episodes[0].Original), cancellationToken);
            using var analysis = await AnalysisWorkspace.OpenPathAsync(path, cancellationToken: cancellationToken);
            var watch = Stopwatch.StartNew();
            var arms = new Dictionary<string, IReadOnlyList<Outcome>>();
            foreach (var (arm, choose) in new (string, Func<Episode, string?>)[] { ("policy", _ => null), ("random", e => e.RandomStrategy), ("oracle", e => LearningWorld.Best(e.Kind)) })
            {
                arms[arm] = await RunArmAsync(root, arm, path, analysis, episodes, choose, seed, cancellationToken);
            }
            Report(arms, episodes, window, seed, watch.Elapsed, json);
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<IReadOnlyList<Outcome>> RunArmAsync(string root, string arm, string path, AnalysisWorkspace analysis, IReadOnlyList<Episode> episodes,
        Func<Episode, string?> choose, int seed, CancellationToken cancellationToken)
    {
        await using var memory = await EpisodeStore.OpenAsync(new EpisodeStoreOptions { DatabasePath = Path.Combine(root, arm, "episodes.db") }, cancellationToken);
        var model = new RewritingModel();
        var options = OptionsLoader.Bind(OptionsLoader.LoadFileLayers(null).Merged);
        options = options with { Loop = options.Loop with { MaxCycles = 1, MaxReflect = 0, CodeFixes = false } };
        var engine = new ImproveEngine(new EngineDependencies
        {
            Analysis = analysis,
            Options = options,
            Models = new ModelSlot(model),
            Memory = memory,
            WorkspaceRoot = root,
            Seed = seed,
        });
        var outcomes = new List<Outcome>();
        foreach (var episode in episodes)
        {
            var text = Text(episode.Original);
            await File.WriteAllTextAsync(path, text, cancellationToken);
            model.Rewrite = episode.Rewrite;
            var result = await engine.ImproveAsync(new ImproveRequest(path, text, SourceRange.Of(4, 20, 4, 20)) { Strategy = choose(episode) }, cancellationToken: cancellationToken);
            var strategy = result.Proposal?.Strategy ?? result.Candidates.FirstOrDefault()?.Strategy;
            if (result.Proposal is not { } proposal)
            {
                outcomes.Add(new Outcome(strategy, false, false, 0));
                continue;
            }
            var chance = LearningWorld.Acceptance(episode.Kind, proposal.Strategy);
            var accepted = episode.Draw < chance;
            if (accepted)
            {
                await engine.AcceptAsync(proposal.Id, cancellationToken: cancellationToken);
            }
            else
            {
                await engine.RejectAsync(proposal.Id, "the simulated user declined", cancellationToken);
            }
            outcomes.Add(new Outcome(strategy, true, accepted, chance));
        }
        return outcomes;
    }

    private static string Text(string method) =>
        Prologue + string.Join('\n', method.Split('\n').Select(line => line.Length == 0 ? line : "    " + line)) + "\n}\n";

    private static void Report(Dictionary<string, IReadOnlyList<Outcome>> arms, IReadOnlyList<Episode> episodes, int window, int seed, TimeSpan elapsed, bool json)
    {
        var windows = Enumerable.Range(0, (episodes.Count + window - 1) / window).Select(w => (From: w * window, To: Math.Min(episodes.Count, (w + 1) * window))).ToList();
        double Rate(string arm, int from, int to) => arms[arm].Skip(from).Take(to - from).Count(o => o.Accepted) / (double)(to - from);
        var oracleChance = episodes.Select(e => LearningWorld.Acceptance(e.Kind, LearningWorld.Best(e.Kind))).ToList();
        var regret = new List<double>();
        var total = 0.0;
        for (var i = 0; i < episodes.Count; i++)
        {
            total += oracleChance[i] - arms["policy"][i].Expected;
            regret.Add(total);
        }
        var (lateFrom, lateTo) = episodes.Count >= 300 ? (200, 300) : (episodes.Count * 2 / 3, episodes.Count);
        var late = arms.Keys.ToDictionary(arm => arm, arm => Rate(arm, lateFrom, lateTo));
        var withinOracle = late["policy"] >= 0.9 * late["oracle"];
        var overRandom = late["policy"] >= 1.5 * late["random"];
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                seed,
                episodes = episodes.Count,
                window,
                windows = windows.Select(w => new { from = w.From + 1, to = w.To, policy = Rate("policy", w.From, w.To), random = Rate("random", w.From, w.To), oracle = Rate("oracle", w.From, w.To), regret = regret[w.To - 1] }),
                late = new { from = lateFrom + 1, to = lateTo, late },
                proposed = arms.ToDictionary(a => a.Key, a => a.Value.Count(o => o.Proposed)),
                policyStrategies = arms["policy"].GroupBy(o => o.Strategy ?? "none").OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
                targets = new { withinTenPercentOfOracle = withinOracle, atLeastOneAndAHalfTimesRandom = overRandom },
            }, Commands.HistoryCommand.Json));
            return;
        }
        Console.WriteLine($"bench learning: {episodes.Count} episodes per arm, seed {seed}, {LearningWorld.Kinds.Count} kinds of code, simulated user and scripted model (test doubles); {elapsed.TotalSeconds:F0} s");
        Console.WriteLine("  episodes      policy  random  oracle  policy's cumulative regret");
        foreach (var (from, to) in windows)
        {
            Console.WriteLine($"  {from + 1,4}-{to,-6}  {Rate("policy", from, to),6:P0}  {Rate("random", from, to),6:P0}  {Rate("oracle", from, to),6:P0}  {regret[to - 1],8:F1}");
        }
        Console.WriteLine($"  proposals made: {string.Join(", ", arms.Select(a => $"{a.Key} {a.Value.Count(o => o.Proposed)}"))} of {episodes.Count}");
        Console.WriteLine($"  episodes {lateFrom + 1}-{lateTo}: policy {late["policy"]:P0}, oracle {late["oracle"]:P0}, random {late["random"]:P0}");
        Console.WriteLine($"  target: within 10% of the oracle {(withinOracle ? "met" : "NOT met")}; at least 1.5x random {(overRandom ? "met" : "NOT met")}");
    }
}
