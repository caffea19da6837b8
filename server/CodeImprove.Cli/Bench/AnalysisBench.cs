using System.CommandLine;
using System.Diagnostics;
using System.Text;
using CodeImprove.Analysis;
using CodeImprove.Analysis.Metrics;

namespace CodeImprove.Cli.Bench;

/// <summary>
/// `codeimprove bench analysis`: generates a solution of about 50,000 lines in 300 files over several projects that
/// reference each other, restores it, then measures workspace load, diagnostics after an edit, the cheap code action
/// path (improve targets), and candidate checking of a one-method change. With --frameworks 2 or 3 every project targets
/// net10.0, netstandard2.0 (and net8.0): every framework is analyzed and checked, so the figures show what each one costs.
/// </summary>
internal static class AnalysisBench
{
    private const int MethodsPerClass = 9;
    private static readonly string[] Frameworks = ["net10.0", "netstandard2.0", "net8.0"];

    public static Command Create()
    {
        var projects = new Option<int>("--projects") { Description = "Projects to generate (each references the previous one).", DefaultValueFactory = _ => 6 };
        var files = new Option<int>("--files") { Description = "C# files in all.", DefaultValueFactory = _ => 300 };
        var samples = new Option<int>("--samples") { Description = "Timed repetitions per warm measurement.", DefaultValueFactory = _ => 30 };
        var frameworks = new Option<int>("--frameworks") { Description = "Target frameworks per project, 1 to 3: net10.0, netstandard2.0, net8.0.", DefaultValueFactory = _ => 1 };
        var command = new Command("analysis", "Roslyn analysis: workspace load, diagnostics after an edit, code action and candidate check latency.") { projects, files, samples, frameworks };
        CliAction.Set(command, (parse, ct) => RunAsync(parse.GetValue(projects), parse.GetValue(files), parse.GetValue(samples), parse.GetValue(frameworks), ct));
        return command;
    }

    private static async Task<int> RunAsync(int projectCount, int fileCount, int samples, int frameworkCount, CancellationToken cancellationToken)
    {
        if (projectCount < 1 || fileCount < projectCount || samples < 3 || frameworkCount is < 1 or > 3)
        {
            throw new CliException("need --projects >= 1, --files >= --projects, --samples >= 3 and --frameworks 1 to 3.");
        }
        var root = Directory.CreateTempSubdirectory("codeimprove-bench-analysis-").FullName;
        try
        {
            var targetFrameworks = Frameworks[..frameworkCount];
            var (solution, lines) = Generate(root, projectCount, fileCount, targetFrameworks);
            Console.WriteLine($"generated {fileCount} files, {lines:N0} lines, {projectCount} projects targeting {string.Join(", ", targetFrameworks)} in {root}");
            var clock = Stopwatch.StartNew();
            await RestoreAsync(solution, cancellationToken);
            Console.WriteLine($"dotnet restore: {clock.Elapsed.TotalSeconds:0.0} s (not part of the load)");

            clock.Restart();
            using var workspace = await AnalysisWorkspace.OpenPathAsync(solution, cancellationToken: cancellationToken);
            var load = clock.Elapsed;
            if (workspace.LoadResult.Warnings.Count > 0)
            {
                throw new CliException("load warnings: " + string.Join("; ", workspace.LoadResult.Warnings.Select(w => w.Message)));
            }
            Console.WriteLine($"workspace load: {load.TotalSeconds:0.00} s ({workspace.LoadResult.LoadedProjects.Count} projects, {workspace.Snapshot().DocumentPaths.Count} documents)");

            // The edited file lives in the last project, which depends on all the others.
            var target = workspace.Snapshot().DocumentPaths.Last(p => p.Contains($"P{projectCount - 1}{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
            var original = await workspace.Snapshot().GetTextAsync(target, cancellationToken);
            clock.Restart();
            await workspace.Snapshot().GetDiagnosticsAsync(target, MetricThresholds.Default, cancellationToken);
            Console.WriteLine($"first diagnostics (cold compilations and analyzers): {clock.Elapsed.TotalMilliseconds:0} ms");

            var diagnostics = new List<double>();
            var diagnosticsCpu = new List<double>();
            for (var i = 0; i < samples; i++)
            {
                workspace.UpdateDocument(target, original.Replace("* 3;", $"* {4 + i};", StringComparison.Ordinal), version: i + 1);
                var cpu = Environment.CpuUsage.TotalTime;
                clock.Restart();
                await workspace.Snapshot().GetDiagnosticsAsync(target, MetricThresholds.Default, cancellationToken);
                diagnostics.Add(clock.Elapsed.TotalMilliseconds);
                diagnosticsCpu.Add((Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds);
            }
            Report("diagnostics after an edit", diagnostics, target: null);
            Report("diagnostics after an edit, process CPU time", diagnosticsCpu, target: null);

            var random = new Random(7);
            var paths = workspace.Snapshot().DocumentPaths;
            var actions = new List<double>();
            for (var i = 0; i < samples * 10; i++)
            {
                var line = random.Next(0, 160);
                clock.Restart();
                await workspace.Snapshot().FindImproveTargetsAsync(paths[random.Next(paths.Count)], SourceRange.Of(line, 8, line, 8), cancellationToken);
                actions.Add(clock.Elapsed.TotalMilliseconds);
            }
            Report("code action (improve targets, cheap path)", actions, (0.99, 50));

            var (range, replacement) = await OneMethodChangeAsync(workspace, target, cancellationToken);
            var candidates = new List<double>();
            var candidateCpu = new List<double>();
            for (var i = 0; i < samples + 2; i++)
            {
                var cpu = Environment.CpuUsage.TotalTime;
                clock.Restart();
                var report = await workspace.Snapshot().CheckCandidateAsync(target, range, replacement.Replace("* 2", $"* {2 + i}", StringComparison.Ordinal), cancellationToken);
                if (i >= 2)
                {
                    candidates.Add(clock.Elapsed.TotalMilliseconds);
                    candidateCpu.Add((Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds);
                }
                if (report.HasNewErrors)
                {
                    throw new CliException("the benchmark's candidate should compile: " + string.Join("; ", report.Introduced.Select(d => d.Message)));
                }
            }
            Report("candidate check (one-method change)", candidates, (0.5, 150));
            // CPU time of all the process's threads (GC included, so above wall time on an idle machine): on a machine shared
            // with other work, wall time also measures the neighbours.
            Report("candidate check, process CPU time", candidateCpu, target: null);
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Prints p50/p99/max; with a target, whether the given percentile stays under it.</summary>
    private static void Report(string name, List<double> milliseconds, (double Percentile, double Milliseconds)? target)
    {
        milliseconds.Sort();
        double At(double p) => milliseconds[Math.Min(milliseconds.Count - 1, (int)Math.Ceiling(p * milliseconds.Count) - 1)];
        var verdict = target is var (p, limit) ? $" (target p{p * 100:0} < {limit} ms: {(At(p) < limit ? "met" : "missed")})" : "";
        Console.WriteLine($"{name}: p50 {At(0.5):0.0} ms, p99 {At(0.99):0.0} ms, max {milliseconds[^1]:0.0} ms over {milliseconds.Count} runs{verdict}");
    }

    /// <summary>The second method of the file, rewritten with the loop as a LINQ query (same signature).</summary>
    private static async Task<(SourceRange Range, string Replacement)> OneMethodChangeAsync(AnalysisWorkspace workspace, string path, CancellationToken cancellationToken)
    {
        var method = (await workspace.Snapshot().GetMetricsAsync(path, cancellationToken)).First(m => m.Name.EndsWith(".Compute1(int[], int)", StringComparison.Ordinal));
        const string replacement = """
            public int Compute1(int[] values, int threshold)
                {
                    var total = values.Where(v => v > threshold).Sum(v => v * 2) - values.Where(v => v < -threshold).Sum(Helper1);
                    return total + Dependency(values, threshold);
                }
            """;
        return (method.Range, replacement);
    }

    private static async Task RestoreAsync(string solution, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet", ["restore", solution, "-nodeReuse:false"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start) ?? throw new CliException("could not start dotnet");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new CliException("dotnet restore of the generated solution failed: " + await output);
        }
    }

    private static (string Solution, int Lines) Generate(string root, int projectCount, int fileCount, string[] frameworks)
    {
        var lines = 0;
        var solution = new StringBuilder("<Solution>\n");
        for (var p = 0; p < projectCount; p++)
        {
            var dir = Path.Combine(root, $"P{p}");
            Directory.CreateDirectory(dir);
            var reference = p == 0 ? "" : $"<ItemGroup><ProjectReference Include=\"../P{p - 1}/P{p - 1}.csproj\" /></ItemGroup>";
            File.WriteAllText(Path.Combine(dir, $"P{p}.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup><TargetFrameworks>{string.Join(';', frameworks)}</TargetFrameworks><LangVersion>latest</LangVersion><ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable></PropertyGroup>
                  {reference}
                </Project>
                """);
            solution.AppendLine($"  <Project Path=\"P{p}/P{p}.csproj\" />");
            var files = fileCount / projectCount + (p < fileCount % projectCount ? 1 : 0);
            for (var f = 0; f < files; f++)
            {
                var code = ClassSource(p, f);
                lines += code.Count(c => c == '\n');
                File.WriteAllText(Path.Combine(dir, $"Class{f}.cs"), code);
            }
        }
        solution.AppendLine("</Solution>");
        var path = Path.Combine(root, "Bench.slnx");
        File.WriteAllText(path, solution.ToString());
        return (path, lines);
    }

    private static string ClassSource(int project, int index)
    {
        var code = new StringBuilder();
        code.Append($$"""
            namespace Bench.P{{project}};

            /// <summary>Generated for the analysis benchmark.</summary>
            public sealed class Class{{index}}
            {
                private readonly int _seed = {{index}};

            """);
        for (var m = 0; m < MethodsPerClass; m++)
        {
            code.Append($$"""
                    public int Compute{{m}}(int[] values, int threshold)
                    {
                        var total = 0;
                        foreach (var value in values)
                        {
                            if (value > threshold)
                            {
                                total += value * 3;
                            }
                            else if (value < -threshold)
                            {
                                total -= Helper{{m}}(value);
                            }
                        }
                        return total + Dependency(values, threshold);
                    }

                    private int Helper{{m}}(int value) => value % (_seed + {{m + 2}});

                """);
        }
        var dependency = project == 0 ? "values.Length" : $"new Bench.P{project - 1}.Class{index % 10}().Compute0(values, threshold)";
        code.Append($$"""
                private static int Dependency(int[] values, int threshold) => {{dependency}};
            }

            """);
        return code.ToString();
    }
}
