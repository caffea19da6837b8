using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using CodeImprove.History;

namespace CodeImprove.Cli.Commands;

/// <summary>`codeimprove history`: the workspace's rollback points (newest first) and any interrupted apply; optionally prunes.</summary>
internal static class HistoryCommand
{
    /// <summary>camelCase with enum names as strings, shared by `history` and `rollback` --json output.</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    internal static Option<string> WorkspaceOption() =>
        new("--workspace") { Description = "Workspace folder (default: the current directory).", DefaultValueFactory = _ => "." };

    public static Command Create()
    {
        var workspace = WorkspaceOption();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var prune = new Option<bool>("--prune") { Description = "First drop points beyond --max-points or older than --max-age-days (interrupted applies are kept)." };
        var maxPoints = new Option<int>("--max-points") { Description = "With --prune: points to keep.", DefaultValueFactory = _ => 500 };
        var maxAgeDays = new Option<double>("--max-age-days") { Description = "With --prune: drop points older than this.", DefaultValueFactory = _ => 90 };
        var command = new Command("history", "List the workspace's rollback points, newest first.") { workspace, json, prune, maxPoints, maxAgeDays };
        CliAction.Set(command, async (parse, cancellationToken) =>
        {
            using var store = Open(parse.GetValue(workspace)!);
            var pruned = parse.GetValue(prune)
                ? await Run(() => store.PruneAsync(new PruneOptions(parse.GetValue(maxPoints), parse.GetValue(maxAgeDays)), cancellationToken))
                : 0;
            var points = await store.ListAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { root = store.Root, pruned, incomplete = store.IncompleteAtOpen, points }, Json));
                return 0;
            }
            WriteIncomplete(store.IncompleteAtOpen);
            if (pruned > 0)
            {
                Console.WriteLine($"pruned {pruned} point(s)");
            }
            Console.WriteLine(points.Count == 0 ? $"no rollback points in {store.Root}" : $"{points.Count} rollback point(s) in {store.Root}, newest first:");
            foreach (var point in points)
            {
                var what = point.Reverts is null ? "" : $" (rollback of {point.Reverts})";
                Console.WriteLine($"  {point.Id}  {point.Time.ToLocalTime():yyyy-MM-dd HH:mm:ss}  {StateName(point.State),-11}  episode {point.EpisodeId}{what}: {string.Join(", ", point.Files)}");
            }
            return 0;
        });
        return command;
    }

    /// <summary>Opens the store, turning a history error into a one-line CLI error.</summary>
    internal static RollbackPointStore Open(string workspace) => Run(() => RollbackPointStore.Open(workspace));

    internal static T Run<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (HistoryException e)
        {
            throw new CliException(e.Message);
        }
    }

    internal static async Task<T> Run<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (HistoryException e)
        {
            throw new CliException(e.Message);
        }
    }

    internal static void WriteIncomplete(IReadOnlyList<IncompleteApply> incomplete)
    {
        foreach (var apply in incomplete)
        {
            var files = apply.Files.Select(f => $"{f.Path} ({f.State switch
            {
                FileApplyState.Before => "not written",
                FileApplyState.After => "written",
                _ => "changed since",
            }})");
            Console.Error.WriteLine($"warning: apply {apply.Point.Id} of episode {apply.Point.EpisodeId} was interrupted: {string.Join(", ", files)}. " +
                $"Run 'codeimprove rollback {apply.Point.Id}' to restore the files' previous bytes.");
        }
    }

    private static string StateName(PointState state) => JsonNamingPolicy.KebabCaseLower.ConvertName(state.ToString());
}
