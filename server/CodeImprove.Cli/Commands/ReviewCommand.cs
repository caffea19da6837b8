using System.CommandLine;
using System.Diagnostics;
using CodeImprove.Cli.Improving;
using CodeImprove.History;

namespace CodeImprove.Cli.Commands;

/// <summary>
/// `codeimprove review &lt;git-range&gt; [--workspace] [improve's options]`: improves only the members a git range touches
/// (A..B, A...B, or A against the working tree), as for a pull request, with one workspace load and one report (text,
/// --json, --sarif); --apply and --exit-code as for `improve --all`.
/// </summary>
internal static class ReviewCommand
{
    public static Command Create()
    {
        var range = new Argument<string>("range") { Description = "A git range: main..HEAD, main...feature, or a commit (compared with the working tree)." };
        var workspace = new Option<string>("--workspace") { Description = "A folder in the repository (default: the current directory).", DefaultValueFactory = _ => "." };
        var options = new ImproveCommand.RunOptions();
        var command = new Command("review", "Propose checked improvements of the members a git range changed.") { range, workspace };
        options.AddTo(command);
        CliAction.Set(command, (parse, ct) => RunAsync(parse.GetValue(range)!, parse.GetValue(workspace)!, options.Read(parse), ct));
        return command;
    }

    private static async Task<int> RunAsync(string range, string workspace, ImproveCommand.Settings settings, CancellationToken cancellationToken)
    {
        ChangedLines changed;
        try
        {
            changed = ReviewRange.Read(Path.GetFullPath(workspace), range);
        }
        catch (HistoryException e)
        {
            throw new CliException(e.Message);
        }
        var load = Stopwatch.StartNew();
        await using var batch = await ImproveCommand.OpenAsync(changed.Root, settings, cancellationToken);
        load.Stop();
        var snapshot = batch.Analysis.Snapshot();
        var targets = new List<CliTarget>();
        foreach (var (path, lines) in changed.Lines.Where(kv => snapshot.DocumentPaths.Contains(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            // A member is reviewed when a changed line falls inside it (an accessor's: its property); last-first, like `improve --all`.
            targets.AddRange((await CliTargets.AllAsync(snapshot, path, cancellationToken))
                .Where(t => lines.Any(l => l.First <= t.Extent.End.Line + 1 && l.Last >= t.Extent.Start.Line + 1)));
        }
        if (targets.Count == 0)
        {
            await Console.Error.WriteLineAsync($"codeimprove: {range} changes no member with a body in a C# file of the workspace");
        }
        return await ImproveCommand.RunManyAsync(batch, targets, settings, load.Elapsed, cancellationToken);
    }
}
