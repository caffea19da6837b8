using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CodeImprove.Analysis;
using CodeImprove.Cli.Improving;
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
/// `codeimprove improve &lt;path&gt;[:line] [--member|--span|--all] [--instruction] [--strategy] [--model] [--json] [--sarif]
/// [--apply] [--exit-code]`: runs the improvement loop on one target (the member at the line, a member by name, the
/// statements of a span of lines; the file's first member by default) and prints the proposal as a coloured unified diff
/// with its analysis, score and per-stage timings; or, with --all, on every member of a file, project, solution or folder
/// with one workspace load, printing one report. Progress goes to stderr. Without --model (and no model in the
/// configuration) the vetted Roslyn code fixes are the candidates. --apply writes each proposal with its own rollback
/// point (`codeimprove rollback` undoes it). Exit code 0, also when nothing was improved; with --exit-code 1 when there
/// are proposals (as `git diff --exit-code`); 2 for a usage error or when every target failed.
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
        var target = new Argument<string>("path") { Description = "A .cs file, optionally with a 1-based line (Program.cs:42); with --all also a project, solution or folder." };
        var member = new Option<string?>("--member") { Description = "The member to improve, by name: Area, Geometry.Area or Area(int, int)." };
        var span = new Option<string?>("--span") { Description = "1-based lines first:last; the statements they cover are improved." };
        var all = new Option<bool>("--all") { Description = "Every member of the file, project, solution or folder, with one workspace load and one report." };
        var options = new RunOptions();
        var command = new Command("improve", "Propose checked improvements of a member, or of every member with --all.") { target, member, span, all };
        options.AddTo(command);
        CliAction.Set(command, (parse, ct) => RunAsync(parse.GetValue(target)!, parse.GetValue(member), parse.GetValue(span), parse.GetValue(all), options.Read(parse), ct));
        return command;
    }

    /// <summary>The options `improve` and `review` share.</summary>
    internal sealed class RunOptions
    {
        private readonly Option<string?> _instruction = new("--instruction") { Description = "What to improve, in your words." };
        private readonly Option<string?> _strategy = new("--strategy") { Description = "One of: " + string.Join(", ", StrategyCatalog.All.Select(s => s.Name)) + "." };
        private readonly Option<string?> _model = new("--model") { Description = "A .gguf file or an OpenAI-compatible address; default: model.path / model.endpoint from the configuration, else no model (vetted code fixes)." };
        private readonly Option<bool> _json = new("--json") { Description = "Print the result as JSON." };
        private readonly Option<string?> _sarif = new("--sarif") { Description = "Also write the report as SARIF 2.1.0 to this file (for code scanning in CI)." };
        private readonly Option<bool> _apply = new("--apply") { Description = "Write each proposal to its file, after recording a rollback point for it." };
        private readonly Option<bool> _exitCode = new("--exit-code") { Description = "Exit with 1 when there are proposals, as git diff --exit-code does." };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { _instruction, _strategy, _model, _json, _sarif, _apply, _exitCode })
            {
                command.Options.Add(option);
            }
        }

        public Settings Read(ParseResult parse) => new(parse.GetValue(_instruction), parse.GetValue(_strategy), parse.GetValue(_model), parse.GetValue(_json),
            parse.GetValue(_sarif), parse.GetValue(_apply), parse.GetValue(_exitCode));
    }

    internal sealed record Settings(string? Instruction, string? Strategy, string? Model, bool Json, string? Sarif, bool Apply, bool ExitCode);

    private static async Task<int> RunAsync(string target, string? member, string? span, bool all, Settings settings, CancellationToken cancellationToken)
    {
        var (path, line) = ParseTarget(target, all);
        if (new[] { line is not null, member is not null, span is not null, all }.Count(x => x) > 1)
        {
            throw new CliException("choose one of a line (file.cs:42), --member, --span and --all");
        }
        var load = Stopwatch.StartNew();
        await using var batch = await OpenAsync(path, settings, cancellationToken);
        load.Stop();
        var snapshot = batch.Analysis.Snapshot();
        if (all)
        {
            return await RunManyAsync(batch, await CliTargets.AllAsync(snapshot, path, cancellationToken), settings, load.Elapsed, cancellationToken);
        }
        var chosen = member is not null ? await CliTargets.ByNameAsync(snapshot, path, member, cancellationToken)
            : span is not null ? await SpanAsync(snapshot, path, span, cancellationToken)
            : line is { } l ? await CliTargets.AtLineAsync(snapshot, path, l, cancellationToken)
            : (await CliTargets.AllAsync(snapshot, path, cancellationToken)).LastOrDefault() ?? throw new CliException($"{Path.GetFileName(path)} has no member with a body");
        var progress = new SynchronousProgress(p => Console.Error.WriteLine($"[{(p.Cycle == 0 ? "-" : p.Cycle.ToString(CultureInfo.InvariantCulture))}] {p.Stage}: {p.Message}"));
        var outcome = await batch.RunAsync(chosen, settings.Instruction, settings.Strategy, settings.Apply, progress, cancellationToken);
        if (outcome.Error is { } error)
        {
            throw new CliException(error);
        }
        if (settings.Sarif is { } sarif)
        {
            await File.WriteAllTextAsync(sarif, ImproveReport.ToSarif(batch.Root, [outcome]), cancellationToken);
        }
        var result = outcome.Result!;
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { result, applied = outcome.Applied is { } a ? new { a.RollbackPointId, a.HunkIds } : null }, Json));
        }
        else
        {
            Print(result, outcome.Applied);
        }
        return settings.ExitCode && result.Improved ? 1 : 0;
    }

    /// <summary>Opens the workspace, model, memory and (for --apply) history once, under the path's <see cref="WorkspaceRoot"/>.</summary>
    internal static async Task<ImproveBatch> OpenAsync(string path, Settings settings, CancellationToken cancellationToken)
    {
        var root = WorkspaceRoot.Of(path);
        var (layers, problems) = OptionsLoader.LoadFileLayers(root);
        foreach (var problem in problems)
        {
            await Console.Error.WriteLineAsync("warning: " + problem);
        }
        var options = OptionsLoader.Bind(layers);
        var model = await OpenModelAsync(settings.Model, options, cancellationToken); // the batch disposes it
        return await ImproveBatch.OpenAsync(path, root, options, model, settings.Apply, cancellationToken);
    }

    /// <summary>Runs every target with a progress line each on stderr, then prints or writes the one report.</summary>
    internal static async Task<int> RunManyAsync(ImproveBatch batch, IReadOnlyList<CliTarget> targets, Settings settings, TimeSpan load, CancellationToken cancellationToken)
    {
        var root = batch.Root;
        var outcomes = new List<TargetOutcome>();
        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i];
            await Console.Error.WriteLineAsync($"[{i + 1}/{targets.Count}] {Path.GetRelativePath(root, target.Path)}:{target.Line} {target.Name}");
            outcomes.Add(await batch.RunAsync(target, settings.Instruction, settings.Strategy, settings.Apply, progress: null, cancellationToken));
        }
        if (settings.Sarif is { } sarif)
        {
            await File.WriteAllTextAsync(sarif, ImproveReport.ToSarif(root, outcomes), cancellationToken);
        }
        if (settings.Json)
        {
            Console.WriteLine(ImproveReport.ToJson(root, outcomes, load));
        }
        else
        {
            ImproveReport.PrintText(root, outcomes, load);
        }
        return targets.Count > 0 && outcomes.All(o => o.Error is not null) ? 2
            : settings.ExitCode && outcomes.Any(o => o.Result?.Proposal is not null) ? 1
            : 0;
    }

    private static Task<CliTarget> SpanAsync(AnalysisSnapshot snapshot, string path, string span, CancellationToken cancellationToken)
    {
        var parts = span.Split(':');
        return parts.Length == 2 && int.TryParse(parts[0], out var first) && int.TryParse(parts[1], out var last)
            ? CliTargets.SpanAsync(snapshot, path, first, last, cancellationToken)
            : throw new CliException($"--span '{span}' is not first:last (1-based lines, e.g. --span 12:20)");
    }

    private static void Print(ImproveResult result, AcceptPlan? applied)
    {
        var console = CliConsole.Create();
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
            foreach (var note in result.Notes)
            {
                console.MarkupLineInterpolated($"  [grey]note:[/] {note}");
            }
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

    private static (string Path, int? Line) ParseTarget(string target, bool all)
    {
        var colon = target.LastIndexOf(':');
        var (path, line) = colon > 1 && int.TryParse(target[(colon + 1)..], out var number) ? (target[..colon], (int?)number) : (target, null);
        path = Path.GetFullPath(path);
        if (all ? !File.Exists(path) && !Directory.Exists(path) : !File.Exists(path) || !path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException(all ? $"'{target}' is not an existing file or folder" : $"'{target}' is not an existing .cs file (to improve a project, solution or folder, add --all)");
        }
        if (line is < 1)
        {
            throw new CliException($"line numbers start at 1 (got {line})");
        }
        return (path, line);
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
