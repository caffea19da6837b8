using System.CommandLine;
using System.Text.Json;
using CodeImprove.History;

namespace CodeImprove.Cli.Commands;

/// <summary>`codeimprove rollback &lt;episode-or-point&gt;`: restores the files an applied edit touched; the rollback is itself a point.</summary>
internal static class RollbackCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("episode-or-point") { Description = "An episode id (its newest applied point), a point id, or a unique prefix of one." };
        var workspace = HistoryCommand.WorkspaceOption();
        var merge = new Option<bool>("--merge") { Description = "If files changed after the edit, revert only the edit's hunks where they still apply cleanly." };
        var force = new Option<bool>("--force") { Description = "Restore the previous bytes even over later changes (those stay recorded and can be restored by rolling back this rollback)." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("rollback", "Undo an applied edit exactly; refuses if the files changed since, unless --merge or --force.") { target, workspace, merge, force, json };
        CliAction.Set(command, async (parse, cancellationToken) =>
        {
            if (parse.GetValue(merge) && parse.GetValue(force))
            {
                throw new CliException("--merge and --force cannot be combined.");
            }
            var mode = parse.GetValue(force) ? RollbackMode.Force : parse.GetValue(merge) ? RollbackMode.Merge : RollbackMode.Strict;
            using var store = HistoryCommand.Open(parse.GetValue(workspace)!);
            var (plan, rollback) = await HistoryCommand.Run(() => store.RollbackAsync(parse.GetValue(target)!, mode, cancellationToken));
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { rolledBack = plan.Point, rollback, mergedFiles = plan.MergedFiles }, HistoryCommand.Json));
                return 0;
            }
            Console.WriteLine($"rolled back point {plan.Point.Id} (episode {plan.Point.EpisodeId}): {string.Join(", ", plan.Point.Files)}");
            if (plan.MergedFiles.Count > 0)
            {
                Console.WriteLine($"  kept later changes in: {string.Join(", ", plan.MergedFiles)}");
            }
            Console.WriteLine($"  recorded as point {rollback.Id}; 'codeimprove rollback {rollback.Id}' undoes this rollback");
            return 0;
        });
        return command;
    }
}
