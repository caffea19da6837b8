using System.CommandLine;
using System.Text.Json;
using CodeImprove.Analysis;
using CodeImprove.Analysis.Diagnostics;
using CodeImprove.Analysis.Metrics;
using CodeImprove.Engine.Configuration;

namespace CodeImprove.Cli.Commands;

/// <summary>
/// `codeimprove analyze &lt;path&gt; [--json]`: compiler and analyzer diagnostics, metric findings and per-method metrics
/// for a .cs file, a project, a solution or a folder.
/// Text: one line per diagnostic (`file(line,col): severity ID: message [source]`), then one per method.
/// JSON (--json): JSON Lines, one object per line, each with a "type":
///   {"type":"diagnostic","file","line","column","endLine","endColumn","id","severity","message","source","helpLink"}
///   {"type":"metric","file","line","column","name","kind","cyclomaticComplexity","maintainabilityIndex","maxNestingDepth","lines","codeLines","halsteadVolume"}
///   {"type":"loadWarning","project","message"}
/// Lines and columns are 1-based, as compilers print them. Exit code 0 whatever was found; 2 for a bad path.
/// Metric findings use the configured "thresholds" (config/codeimprove.json under the workspace's .codeimprove/config.json).
/// </summary>
internal static class AnalyzeCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "A .cs file, .csproj, .sln/.slnx, or a folder." };
        var json = new Option<bool>("--json") { Description = "Print JSON Lines (one object per diagnostic and per method) instead of text." };
        var command = new Command("analyze", "Print diagnostics and method metrics for a file, project or solution.") { path, json };
        CliAction.Set(command, (parse, ct) => RunAsync(parse.GetValue(path)!, parse.GetValue(json), ct));
        return command;
    }

    private static async Task<int> RunAsync(string path, bool asJson, CancellationToken cancellationToken)
    {
        using var workspace = await OpenAsync(path, cancellationToken);
        var thresholds = await ThresholdsAsync(Path.GetFullPath(path));
        foreach (var warning in workspace.LoadResult.Warnings)
        {
            if (asJson)
            {
                Console.WriteLine(JsonSerializer.Serialize(new { type = "loadWarning", project = warning.ProjectPath, message = warning.Message }, Json));
            }
            else
            {
                await Console.Error.WriteLineAsync($"warning: {warning.ProjectPath ?? "workspace"}: {warning.Message}");
            }
        }
        var full = Path.GetFullPath(path);
        var files = full.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) ? [full] : workspace.Snapshot().DocumentPaths;
        foreach (var file in files)
        {
            var diagnostics = await workspace.Snapshot().GetDiagnosticsAsync(file, thresholds, cancellationToken);
            var metrics = await workspace.Snapshot().GetMetricsAsync(file, cancellationToken);
            foreach (var d in diagnostics.Diagnostics)
            {
                Console.WriteLine(asJson ? DiagnosticJson(d) : DiagnosticText(d));
            }
            foreach (var m in metrics)
            {
                Console.WriteLine(asJson ? MetricJson(file, m) : MetricText(file, m));
            }
        }
        return 0;
    }

    /// <summary>The thresholds of the options layers that `improve` and the server use for the same workspace.</summary>
    private static async Task<MetricThresholds> ThresholdsAsync(string path)
    {
        var (layers, problems) = OptionsLoader.LoadFileLayers(WorkspaceRoot.Of(path));
        foreach (var problem in problems)
        {
            await Console.Error.WriteLineAsync("warning: " + problem);
        }
        var configured = OptionsLoader.Bind(layers).Thresholds;
        return new MetricThresholds(configured.CyclomaticComplexity, configured.MaintainabilityIndex, configured.NestingDepth, configured.MethodLines);
    }

    private static async Task<AnalysisWorkspace> OpenAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await AnalysisWorkspace.OpenPathAsync(path, cancellationToken: cancellationToken);
        }
        catch (AnalysisException e)
        {
            throw new CliException(e.Message);
        }
    }

    private static string Display(string file) => Path.GetRelativePath(Directory.GetCurrentDirectory(), file);

    private static string DiagnosticText(AnalysisDiagnostic d) =>
        $"{Display(d.FilePath)}({d.Range.Start.Line + 1},{d.Range.Start.Character + 1}): {d.Severity.ToString().ToLowerInvariant()} {d.Id}: {d.Message} [{d.Source}]";

    private static string MetricText(string file, MethodMetrics m) =>
        $"{Display(file)}({m.NameRange.Start.Line + 1},{m.NameRange.Start.Character + 1}): metric {m.Name}: complexity {m.CyclomaticComplexity}, maintainability {m.MaintainabilityIndex:0.0}, nesting {m.MaxNestingDepth}, lines {m.Lines}";

    private static string DiagnosticJson(AnalysisDiagnostic d) => JsonSerializer.Serialize(new
    {
        type = "diagnostic",
        file = d.FilePath,
        line = d.Range.Start.Line + 1,
        column = d.Range.Start.Character + 1,
        endLine = d.Range.End.Line + 1,
        endColumn = d.Range.End.Character + 1,
        id = d.Id,
        severity = d.Severity.ToString().ToLowerInvariant(),
        message = d.Message,
        source = d.Source,
        helpLink = d.HelpLink,
    }, Json);

    private static string MetricJson(string file, MethodMetrics m) => JsonSerializer.Serialize(new
    {
        type = "metric",
        file,
        line = m.NameRange.Start.Line + 1,
        column = m.NameRange.Start.Character + 1,
        name = m.Name,
        kind = m.Kind,
        cyclomaticComplexity = m.CyclomaticComplexity,
        maintainabilityIndex = m.MaintainabilityIndex,
        maxNestingDepth = m.MaxNestingDepth,
        lines = m.Lines,
        codeLines = m.CodeLines,
        halsteadVolume = m.HalsteadVolume,
    }, Json);
}
