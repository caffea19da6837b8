using System.CommandLine;
using CodeImprove.Cli.Bench;

namespace CodeImprove.Cli.Commands;

/// <summary>`codeimprove bench &lt;area&gt;`: benchmarks that print figures (performance targets live here, not in tests).</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Run a benchmark and print its figures.");
        bench.Subcommands.Add(LspBench.Create());
        bench.Subcommands.Add(HistoryBench.Create());
        bench.Subcommands.Add(MemoryBench.Create());
        bench.Subcommands.Add(AnalysisBench.Create());
        bench.Subcommands.Add(ModelBench.Create());
        bench.Subcommands.Add(ImproveBench.Create());
        bench.Subcommands.Add(LearningBench.Create());
        return bench;
    }
}
