using System.Runtime.CompilerServices;
using CodeImprove.Engine.Strategies;
using CodeImprove.Inference;

namespace CodeImprove.Cli.Bench;

/// <summary>
/// The world of `bench learning`, all of it test doubles: kinds of code (templates with fresh names per episode), the
/// rewrite a scripted model returns for each, and a simulated user whose hidden acceptance of a proposal depends on the
/// strategy and the kind of code. Some hidden preferences disagree with the policy's priors (on nested loops this user
/// prefers a LINQ rewrite to the algorithmic one), so the policy has to learn them.
/// </summary>
internal static class LearningWorld
{
    /// <summary>Acceptance of a strategy not named in a kind's table.</summary>
    private const double Otherwise = 0.1;

    public static IReadOnlyList<CodeKind> Kinds { get; } =
    [
        new("nested-loops",
            """
            public static bool {M}(int[] {a}, int[] {b})
            {
                for (int i = 0; i < {a}.Length; i++)
                {
                    for (int j = 0; j < {b}.Length; j++)
                    {
                        if ({a}[i] == {b}[j])
                        {
                            return true;
                        }
                    }
                }
                return false;
            }
            """,
            """
            public static bool {M}(int[] {a}, int[] {b})
            {
                var seen = new System.Collections.Generic.HashSet<int>({b});
                foreach (var item in {a})
                {
                    if (seen.Contains(item))
                    {
                        return true;
                    }
                }
                return false;
            }
            """,
            new Dictionary<string, double> { ["linq"] = 0.8, ["algorithmic"] = 0.35, ["readability"] = 0.2 }),
        new("deep-nesting",
            """
            public static int {M}(int {a}, int {b})
            {
                if ({a} > 0)
                {
                    if ({b} > 0)
                    {
                        if ({a} > {b})
                        {
                            return {a} - {b};
                        }
                    }
                }
                return 0;
            }
            """,
            """
            public static int {M}(int {a}, int {b})
            {
                if ({a} <= 0 || {b} <= 0 || {a} <= {b})
                {
                    return 0;
                }
                return {a} - {b};
            }
            """,
            new Dictionary<string, double> { ["readability"] = 0.8, ["alternative"] = 0.3 }),
        new("recursion",
            """
            public static long {M}(int {a})
            {
                if ({a} <= 1)
                {
                    return 1;
                }
                else
                {
                    if ({a} > 20)
                    {
                        return -1;
                    }
                    return {a} * {M}({a} - 1);
                }
            }
            """,
            """
            public static long {M}(int {a})
            {
                if ({a} > 20)
                {
                    return -1;
                }
                long {b} = 1;
                for (int i = 2; i <= {a}; i++)
                {
                    {b} *= i;
                }
                return {b};
            }
            """,
            new Dictionary<string, double> { ["recursion-to-iteration"] = 0.85, ["alternative"] = 0.3 }),
        new("allocating-loop",
            """
            public static string {M}(string[] {a})
            {
                string {b} = "";
                foreach (var item in {a})
                {
                    if (item != null)
                    {
                        if (item.Length > 0)
                        {
                            {b} += item + ",";
                        }
                    }
                }
                return {b};
            }
            """,
            """
            public static string {M}(string[] {a})
            {
                var builder = new System.Text.StringBuilder();
                foreach (var item in {a})
                {
                    if (!string.IsNullOrEmpty(item))
                    {
                        builder.Append(item).Append(',');
                    }
                }
                return builder.ToString();
            }
            """,
            new Dictionary<string, double> { ["allocations"] = 0.8, ["readability"] = 0.4 }),
    ];

    private static readonly string[] Names = ["orders", "prices", "items", "values", "limits", "totals", "counts", "weights", "scores", "sizes"];

    /// <summary>One episode's code: a kind with fresh names (so candidates and fingerprints differ between episodes).</summary>
    public static (string Original, string Rewrite) Instance(CodeKind kind, int episode, Random random)
    {
        var (a, b) = (Names[random.Next(Names.Length)] + "A", Names[random.Next(Names.Length)] + "B");
        string Fill(string template) => template
            .Replace("{M}", $"Compute{episode}", StringComparison.Ordinal)
            .Replace("{a}", a, StringComparison.Ordinal)
            .Replace("{b}", b, StringComparison.Ordinal);
        return (Fill(kind.Original), Fill(kind.Rewrite));
    }

    public static double Acceptance(CodeKind kind, string strategy) => kind.Acceptance.GetValueOrDefault(strategy, Otherwise);

    /// <summary>The strategy the oracle always takes for a kind: the one this user accepts most often.</summary>
    public static string Best(CodeKind kind) => StrategyCatalog.All.Select(s => s.Name).MaxBy(s => Acceptance(kind, s))!;
}

/// <param name="Acceptance">The simulated user's hidden chance of accepting a proposal of each strategy on this kind.</param>
internal sealed record CodeKind(string Name, string Original, string Rewrite, IReadOnlyDictionary<string, double> Acceptance);

/// <summary>A test double for a code model: whatever it is asked, it returns the rewrite it was given for this episode, then DONE.</summary>
internal sealed class RewritingModel : IModel
{
    public string Rewrite { get; set; } = "";

    public ModelDescription Description { get; } = new("rewriting-test-double", "none", 8192);

    public int ContextSize => 8192;

    public async IAsyncEnumerable<string> StreamChatAsync(IReadOnlyList<ChatMessage> messages, SamplingSettings sampling,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        var reflecting = messages.Count > 2; // asked to reflect on the analysis: keep the candidate
        yield return reflecting ? "DONE" : $"```csharp\n{Rewrite}\n```\nSimplified the method.";
    }

    public IAsyncEnumerable<string> StreamCompletionAsync(string prompt, SamplingSettings sampling, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the engine uses chat only");

    public ValueTask<int> CountTokensAsync(string text, CancellationToken cancellationToken = default) => ValueTask.FromResult((text.Length + 3) / 4);

    public ValueTask<float[]> EmbedAsync(string text, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("memory embeds with its own embedder");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
