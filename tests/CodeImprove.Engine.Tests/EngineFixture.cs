using CodeImprove.Analysis;
using CodeImprove.Engine.Configuration;
using CodeImprove.Engine.Sessions;
using CodeImprove.History;
using CodeImprove.Inference;
using CodeImprove.Memory;

namespace CodeImprove.Engine.Tests;

/// <summary>
/// A temporary workspace with one loose C# file opened by the real analysis (an ad-hoc project: compiler diagnostics),
/// a real episode store (SQLite + vec0) and a real rollback history, and the engine over them.
/// </summary>
internal sealed class EngineFixture : IAsyncDisposable
{
    public const string Sample = """
        namespace Samples;

        public static class Calc
        {
            public static int SumSmallPositive(int[] values)
            {
                int total = 0;
                for (int i = 0; i < values.Length; i++)
                {
                    if (values[i] > 0)
                    {
                        if (values[i] < 1000)
                        {
                            total = total + values[i];
                        }
                    }
                }
                return total;
            }

            public static int Twice(int x) => x * 2;
        }
        """;

    /// <summary>Less nesting than the original.</summary>
    public const string Flatter = """
        public static int SumSmallPositive(int[] values)
        {
            int total = 0;
            foreach (var value in values)
            {
                if (value > 0 && value < 1000)
                {
                    total += value;
                }
            }
            return total;
        }
        """;

    /// <summary>No nesting at all: scores higher than <see cref="Flatter"/>.</summary>
    public const string Linq = """
        public static int SumSmallPositive(int[] values) => values.Where(v => v > 0 && v < 1000).Sum();
        """;

    /// <summary>Does not compile (CS0103: totl does not exist).</summary>
    public const string Broken = """
        public static int SumSmallPositive(int[] values)
        {
            int total = 0;
            foreach (var value in values)
            {
                if (value > 0 && value < 1000)
                {
                    totl += value;
                }
            }
            return total;
        }
        """;

    private EngineFixture(string root, AnalysisWorkspace analysis, EpisodeStore memory, RollbackPointStore history)
    {
        Root = root;
        Analysis = analysis;
        Memory = memory;
        History = history;
    }

    public string Root { get; }
    public string FilePath => Path.Combine(Root, "Calc.cs");
    public AnalysisWorkspace Analysis { get; }
    public EpisodeStore Memory { get; }
    public RollbackPointStore History { get; }

    public static async Task<EngineFixture> CreateAsync(string text = Sample)
    {
        var root = Directory.CreateTempSubdirectory("codeimprove-engine-").FullName;
        var path = Path.Combine(root, "Calc.cs");
        await File.WriteAllTextAsync(path, text);
        var analysis = await AnalysisWorkspace.OpenPathAsync(path);
        var memory = await EpisodeStore.OpenAsync(EpisodeStoreOptions.ForWorkspace(root));
        return new EngineFixture(root, analysis, memory, RollbackPointStore.Open(root));
    }

    /// <param name="stopScore">0 (the default here) runs every cycle, so the loop's bounds are what a test sees.</param>
    /// <param name="codeFixes">Off by default here, so a model run shows only the model's candidates.</param>
    public static CodeImproveOptions Options(int maxCycles = 3, int maxReflect = 2, int budgetSeconds = 120, double stopScore = 0, bool codeFixes = false)
    {
        var options = OptionsLoader.Bind(OptionsLoader.LoadFileLayers(null).Merged);
        return options with { Loop = options.Loop with { MaxCycles = maxCycles, MaxReflect = maxReflect, BudgetSeconds = budgetSeconds, StopScore = stopScore, CodeFixes = codeFixes } };
    }

    public ImproveEngine Engine(IModel? model, CodeImproveOptions? options = null, IEditorBuffers? editor = null, TimeProvider? clock = null) => new(new EngineDependencies
    {
        Clock = clock ?? TimeProvider.System,
        Analysis = Analysis,
        Options = options ?? Options(),
        Models = new ModelSlot(model),
        Editor = editor,
        Memory = Memory,
        History = History,
        WorkspaceRoot = Root,
        Seed = 7,
    });

    /// <summary>"Improve" with the cursor on the SumSmallPositive line.</summary>
    public ImproveRequest Request(string? strategy = null) =>
        new(FilePath, File.ReadAllText(FilePath), SourceRange.Of(4, 24, 4, 24)) { Strategy = strategy };

    public static string Fenced(string code, string prose = "Here is the improved method.") =>
        $"{prose}\n```csharp\n{code}\n```\nExplanation: flattened the conditions.";

    public async ValueTask DisposeAsync()
    {
        Analysis.Dispose();
        History.Dispose();
        await Memory.DisposeAsync();
    }
}
