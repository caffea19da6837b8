using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CodeImprove.Analysis;
using CodeImprove.Analysis.Diagnostics;
using CodeImprove.Engine;
using CodeImprove.Engine.Configuration;

namespace CodeImprove.Cli.Bench;

/// <summary>
/// `codeimprove bench improve [--corpus &lt;dir&gt;]`: the no-model default over the held-out corpus (tests/benchmark-corpus:
/// one method after each "// weakness:" comment). The corpus is copied to a temporary folder and restored, each method is
/// improved on its own (nothing is written), and the bench prints how many got a compiling improvement and the time per stage.
/// </summary>
internal static class ImproveBench
{
    private const string Marker = "// weakness:";

    public static Command Create()
    {
        var corpus = new Option<string?>("--corpus") { Description = "The corpus folder (a project with '// weakness:' comments); default: tests/benchmark-corpus of this checkout." };
        var command = new Command("improve", "Run the no-model improve loop over the benchmark corpus.") { corpus };
        CliAction.Set(command, (parse, ct) => RunAsync(parse.GetValue(corpus), ct));
        return command;
    }

    private static async Task<int> RunAsync(string? corpusArgument, CancellationToken cancellationToken)
    {
        var corpus = corpusArgument ?? DefaultCorpus() ?? throw new CliException("no tests/benchmark-corpus above the current folder; pass --corpus");
        var copy = await CopyAndRestoreAsync(Path.GetFullPath(corpus), cancellationToken);
        var load = Stopwatch.StartNew();
        using var analysis = await AnalysisWorkspace.OpenPathAsync(Directory.GetFiles(copy, "*.csproj").Single(), cancellationToken: cancellationToken);
        Console.WriteLine($"corpus: {corpus} ({analysis.Snapshot().DocumentPaths.Count} files), workspace loaded in {load.ElapsedMilliseconds} ms, {Environment.ProcessorCount} cores");
        var options = OptionsLoader.Bind(OptionsLoader.LoadFileLayers(null).Merged);
        var engine = new ImproveEngine(new EngineDependencies { Analysis = analysis, Options = options, WorkspaceRoot = copy });

        var rows = new List<(string Method, bool Improved, bool Compiles, double Score, double TotalMs, IReadOnlyDictionary<string, double> Stages)>();
        foreach (var file in analysis.Snapshot().DocumentPaths)
        {
            var text = await File.ReadAllTextAsync(file, cancellationToken);
            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length - 1; i++)
            {
                if (!lines[i].TrimStart().StartsWith(Marker, StringComparison.Ordinal))
                {
                    continue;
                }
                var line = i + 1;
                var position = new SourcePosition(line, lines[line].Length - lines[line].TrimStart().Length);
                var watch = Stopwatch.StartNew();
                var name = $"{Path.GetFileNameWithoutExtension(file)}:{line + 1} ({lines[i].Trim()[Marker.Length..].Trim()})";
                ImproveResult result;
                try
                {
                    result = await engine.ImproveAsync(new ImproveRequest(file, text, new SourceRange(position, position)), cancellationToken: cancellationToken);
                }
                catch (EngineException e)
                {
                    Console.WriteLine($"  ! {name}: {e.Message}");
                    continue;
                }
                var proposal = result.Proposal;
                var compiles = proposal is not null && !proposal.Analysis.Introduced.Any(d => d.Severity == DiagnosticLevel.Error);
                rows.Add((name, proposal is not null, compiles, proposal?.Score.Total ?? 0, watch.Elapsed.TotalMilliseconds, result.StageTimingsMs));
                Console.WriteLine($"{(proposal is null ? "  -" : "  +")} {name}: " + (proposal is null
                    ? "no improvement"
                    : $"score {proposal.Score.Total:0.##}, {proposal.Hunks.Count} hunk(s), {proposal.Explanation}") + $" [{watch.ElapsedMilliseconds} ms]");
            }
        }
        Console.WriteLine();
        Console.WriteLine($"improved: {rows.Count(r => r.Improved)} of {rows.Count} methods; compiling proposals: {rows.Count(r => r.Compiles)}; mean score of improvements {Mean(rows.Where(r => r.Improved).Select(r => r.Score)):0.##}");
        Console.WriteLine($"per method: mean {Mean(rows.Select(r => r.TotalMs)):0} ms, median {Median(rows.Select(r => r.TotalMs)):0} ms, max {rows.Max(r => r.TotalMs):0} ms");
        foreach (var stage in rows.SelectMany(r => r.Stages.Keys).Distinct())
        {
            var values = rows.Select(r => r.Stages.GetValueOrDefault(stage)).ToList();
            Console.WriteLine($"stage {stage,-8}: mean {Mean(values):0} ms, median {Median(values):0} ms, max {values.Max():0} ms");
        }
        Directory.Delete(copy, recursive: true);
        return 0;
    }

    private static string? DefaultCorpus()
    {
        for (var dir = Directory.GetCurrentDirectory(); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            var candidate = Path.Combine(dir, "tests", "benchmark-corpus");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private static async Task<string> CopyAndRestoreAsync(string corpus, CancellationToken cancellationToken)
    {
        var copy = Directory.CreateTempSubdirectory("codeimprove-bench-").FullName;
        foreach (var file in Directory.GetFiles(corpus))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }
        using var restore = Process.Start(new ProcessStartInfo("dotnet", ["restore", copy]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = restore.StandardOutput.ReadToEndAsync(cancellationToken);
        await restore.WaitForExitAsync(cancellationToken);
        if (restore.ExitCode != 0)
        {
            throw new CliException("dotnet restore of the corpus failed: " + await output);
        }
        return copy;
    }

    private static double Mean(IEnumerable<double> values) => values.DefaultIfEmpty(0).Average();

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
