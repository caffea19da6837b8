using System.CommandLine;
using System.Text;

namespace CodeImprove.Cli.Commands;

/// <summary>`codeimprove export --out file.jsonl`: accepted (instruction, before, after) pairs for fine-tuning.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var output = new Option<FileInfo>("--out") { Description = "The JSON-lines file to write (replaced if it exists).", Required = true };
        var workspace = HistoryCommand.WorkspaceOption();
        var command = new Command("export", "Write the workspace's accepted improvements as JSON lines {instruction, before, after}.") { output, workspace };
        CliAction.Set(command, async (parse, cancellationToken) =>
        {
            var target = parse.GetValue(output)!;
            await using var store = await EpisodesCommand.OpenExistingAsync(parse.GetValue(workspace)!, cancellationToken)
                ?? throw new CliException("no episodes recorded in this workspace; nothing to export.");
            if (target.Directory is { Exists: false })
            {
                throw new CliException($"folder {target.Directory.FullName} does not exist.");
            }
            // Written beside the target and moved over it, so a failed export leaves any earlier file intact.
            var partial = target.FullName + ".partial";
            int count;
            try
            {
                await using (var writer = new StreamWriter(partial, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
                {
                    count = await store.ExportAcceptedAsync(writer, cancellationToken);
                }
                File.Move(partial, target.FullName, overwrite: true);
            }
            catch
            {
                File.Delete(partial);
                throw;
            }
            Console.WriteLine($"exported {count} accepted episode(s) to {target.FullName}");
            return 0;
        });
        return command;
    }
}
