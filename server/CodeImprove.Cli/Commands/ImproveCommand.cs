using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using CodeImprove.Analysis;
using CodeImprove.Engine;
using CodeImprove.Engine.Configuration;
using CodeImprove.Engine.Sessions;
using CodeImprove.Engine.Strategies;
using CodeImprove.History;
using CodeImprove.Inference;
using CodeImprove.Memory;
using Spectre.Console;

namespace CodeImprove.Cli.Commands;

/// <summary>
/// `codeimprove improve &lt;file&gt;[:line] [--instruction] [--strategy] [--model] [--json] [--apply]`: runs the improvement
/// loop on the method at the line (the first method of the file without one) and prints the proposal as a coloured unified
/// diff with its analysis, score and per-stage timings; progress goes to stderr. Without --model (and no model in the
/// configuration) the Roslyn code fixes of the project's analyzers are the candidates. --apply writes the proposal with
/// a rollback point (`codeimprove rollback` undoes it). Exit code 0 with a proposal, 1 when no improvement was found.
/// </summary>
internal static class ImproveCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static Command Create()
    {
        var target = new Argument<string>("file") { Description = "A .cs file, optionally with a 1-based line: Program.cs:42." };
        var instruction = new Option<string?>("--instruction") { Description = "What to improve, in your words." };
        var strategy = new Option<string?>("--strategy") { Description = "One of: " + string.Join(", ", StrategyCatalog.All.Select(s => s.Name)) + "." };
        var model = new Option<string?>("--model") { Description = "A .gguf file or an OpenAI-compatible address; default: model.path / model.endpoint from the configuration, else no model (code fixes)." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var apply = new Option<bool>("--apply") { Description = "Write the proposal to the file, after recording a rollback point." };
        var command = new Command("improve", "Propose a checked improvement of one method.") { target, instruction, strategy, model, json, apply };
        CliAction.Set(command, (parse, ct) => RunAsync(parse.GetValue(target)!, parse.GetValue(instruction), parse.GetValue(strategy),
            parse.GetValue(model), parse.GetValue(json), parse.GetValue(apply), ct));
        return command;
    }

    private static async Task<int> RunAsync(string target, string? instruction, string? strategy, string? modelArgument, bool asJson, bool apply, CancellationToken cancellationToken)
    {
        var (path, line) = ParseTarget(target);
        var root = WorkspaceRoot(path);
        var (layers, problems) = OptionsLoader.LoadFileLayers(root);
        foreach (var problem in problems)
        {
            await Console.Error.WriteLineAsync("warning: " + problem);
        }
        var options = OptionsLoader.Bind(layers);
        using var analysis = await OpenAnalysisAsync(path, cancellationToken);
        var text = await WorkspaceSession.ReadTextAsync(path, cancellationToken);
        var position = line is { } l ? FirstCodeCharacter(text, l - 1) : await FirstMethodAsync(analysis, path, cancellationToken);

        var model = await OpenModelAsync(modelArgument, options, cancellationToken); // the slot below disposes it
        await using var memory = await EpisodeStore.OpenAsync(new EpisodeStoreOptions { DatabasePath = WorkspaceSession.DatabasePath(root, options) }, cancellationToken);
        await using var models = new ModelSlot(model);
        using var history = apply ? RollbackPointStore.Open(root) : null;
        var engine = new ImproveEngine(new EngineDependencies
        {
            Analysis = analysis, Options = options, Models = models, Memory = memory, History = history, WorkspaceRoot = root,
        });
        var request = new ImproveRequest(path, text, new SourceRange(position, position)) { Instruction = instruction, Strategy = strategy };
        var progress = new SynchronousProgress(p => Console.Error.WriteLine($"[{(p.Cycle == 0 ? "-" : p.Cycle.ToString(System.Globalization.CultureInfo.InvariantCulture))}] {p.Stage}: {p.Message}"));
        ImproveResult result;
        try
        {
            result = await engine.ImproveAsync(request, progress, cancellationToken);
        }
        catch (Exception e) when (e is EngineException or AnalysisException)
        {
            throw new CliException(e.Message);
        }
        AcceptPlan? applied = null;
        if (apply && result.Proposal is { } proposal)
        {
            try
            {
                applied = await engine.AcceptAsync(proposal.Id, cancellationToken: cancellationToken);
            }
            catch (EngineException e)
            {
                throw new CliException(e.Message);
            }
        }
        if (asJson)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { result, applied = applied is null ? null : new { applied.RollbackPointId, applied.HunkIds } }, Json));
        }
        else
        {
            Print(result, applied);
        }
        return result.Improved ? 0 : 1;
    }

    private static void Print(ImproveResult result, AcceptPlan? applied)
    {
        var console = AnsiConsole.Console;
        if (result.Proposal is not { } proposal)
        {
            console.MarkupLine("[yellow]No improvement found:[/]");
            foreach (var reason in result.NoImprovementReasons)
            {
                console.MarkupLineInterpolated($"  - {reason}");
            }
        }
        else
        {
            foreach (var line in proposal.UnifiedDiff.Split('\n'))
            {
                var style = line.StartsWith("+++", StringComparison.Ordinal) || line.StartsWith("---", StringComparison.Ordinal) ? "bold"
                    : line.StartsWith('+') ? "green" : line.StartsWith('-') ? "red" : line.StartsWith("@@", StringComparison.Ordinal) ? "cyan" : "default";
                console.MarkupLine($"[{style}]{Markup.Escape(line)}[/]");
            }
            console.MarkupLineInterpolated($"[bold]Strategy:[/] {proposal.Strategy}   [bold]Explanation:[/] {proposal.Explanation}");
            var analysis = proposal.Analysis;
            console.MarkupLineInterpolated($"[bold]Analysis:[/] {analysis.Removed.Count} diagnostics removed, {analysis.Introduced.Count} introduced{(analysis.PublicSignatureChanged ? ", public signature changed" : "")}");
            foreach (var d in analysis.Removed)
            {
                console.MarkupLineInterpolated($"  [green]- fixed[/] {d.Id}: {d.Message}");
            }
            foreach (var d in analysis.Introduced)
            {
                console.MarkupLineInterpolated($"  [yellow]+ new[/] {d.Severity} {d.Id}: {d.Message}");
            }
            foreach (var m in analysis.Metrics.Where(m => m.Before is not null && m.After is not null))
            {
                console.MarkupLineInterpolated($"  {m.Name}: complexity {m.Before!.CyclomaticComplexity} -> {m.After!.CyclomaticComplexity}, maintainability {m.Before.MaintainabilityIndex:0.0} -> {m.After.MaintainabilityIndex:0.0}, nesting {m.Before.MaxNestingDepth} -> {m.After.MaxNestingDepth}, lines {m.Before.CodeLines} -> {m.After.CodeLines}");
            }
            var score = new Table().AddColumns("component", "score");
            foreach (var (name, value) in proposal.Score.ToDictionary())
            {
                score.AddRow(name, value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));
            }
            console.Write(score);
            console.MarkupLineInterpolated($"Proposal {proposal.Id}, {proposal.Hunks.Count} hunk(s).");
        }
        var timings = new Table().AddColumns("stage", "ms");
        foreach (var (stage, ms) in result.StageTimingsMs)
        {
            timings.AddRow(stage, ms.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
        }
        console.Write(timings);
        if (applied is not null)
        {
            console.MarkupLineInterpolated($"[green]Applied[/] with rollback point {applied.RollbackPointId ?? "(none)"}.");
        }
    }

    private static (string Path, int? Line) ParseTarget(string target)
    {
        var colon = target.LastIndexOf(':');
        var (path, line) = colon > 1 && int.TryParse(target[(colon + 1)..], out var number) ? (target[..colon], (int?)number) : (target, null);
        path = Path.GetFullPath(path);
        if (!File.Exists(path) || !path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException($"'{target}' is not an existing .cs file");
        }
        if (line is < 1)
        {
            throw new CliException($"line numbers start at 1 (got {line})");
        }
        return (path, line);
    }

    private static SourcePosition FirstCodeCharacter(string text, int line)
    {
        var lines = text.Split('\n');
        if (line >= lines.Length)
        {
            throw new CliException($"the file has {lines.Length} lines; there is no line {line + 1}");
        }
        return new SourcePosition(line, lines[line].Length - lines[line].TrimStart().Length);
    }

    private static async Task<SourcePosition> FirstMethodAsync(AnalysisWorkspace analysis, string path, CancellationToken cancellationToken) =>
        (await analysis.Snapshot().GetMetricsAsync(path, cancellationToken)).FirstOrDefault()?.NameRange.Start
        ?? throw new CliException($"{Path.GetFileName(path)} has no method with a body");

    /// <summary>The folder of the nearest solution or project above the file (where .codeimprove/ lives), else the file's folder.</summary>
    private static string WorkspaceRoot(string file)
    {
        for (var dir = Path.GetDirectoryName(file); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (Directory.EnumerateFiles(dir, "*.sln*").Any() || Directory.EnumerateFiles(dir, "*.csproj").Any())
            {
                return dir;
            }
        }
        return Path.GetDirectoryName(file)!;
    }

    private static async Task<AnalysisWorkspace> OpenAnalysisAsync(string path, CancellationToken cancellationToken)
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

    private static async Task<IModel?> OpenModelAsync(string? argument, CodeImproveOptions options, CancellationToken cancellationToken)
    {
        // The same settings-to-runtime mapping as the language server; --model replaces the configured path or endpoint.
        var settings = argument is null ? options.Model
            : GenerateCommand.IsEndpoint(argument, out _) ? options.Model with { Endpoint = argument, Path = null }
            : options.Model with { Path = argument, Endpoint = null };
        if (settings.Path is null && settings.Endpoint is null)
        {
            return null;
        }
        ModelOptions modelOptions;
        try
        {
            modelOptions = settings.ToModelOptions();
        }
        catch (UriFormatException e)
        {
            throw new CliException($"model.endpoint '{settings.Endpoint}' is not an address: {e.Message}");
        }
        return await GenerateCommand.OpenAsync(modelOptions, verbose: false, cancellationToken);
    }

    /// <summary>Progress printed on the reporting thread, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<LoopProgress> report) : IProgress<LoopProgress>
    {
        public void Report(LoopProgress value) => report(value);
    }
}
