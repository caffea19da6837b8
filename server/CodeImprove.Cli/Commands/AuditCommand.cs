using System.CommandLine;
using System.Text.Json;
using CodeImprove.History;

namespace CodeImprove.Cli.Commands;

/// <summary>`codeimprove audit [--verify]`: the workspace's audit trail, and whether it agrees with the rollback store.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var workspace = HistoryCommand.WorkspaceOption();
        var verify = new Option<bool>("--verify") { Description = "Check the trail against the rollback store: every point has its lines with the same sha256, no line was removed or changed. Exits 1 when something is wrong." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("audit", "Print the audit trail (.codeimprove/audit.jsonl): every apply, rollback, accept, reject and model change.") { workspace, verify, json };
        CliAction.Set(command, async (parse, cancellationToken) =>
        {
            using var store = HistoryCommand.Open(parse.GetValue(workspace)!);
            var report = await HistoryCommand.Run(() => store.ReadAuditAsync(parse.GetValue(verify), cancellationToken));
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(report, HistoryCommand.Json));
            }
            else
            {
                Console.WriteLine(report.Entries.Count == 0 ? $"no audit lines in {report.Path}" : $"{report.Entries.Count} audit line(s) in {report.Path}:");
                foreach (var entry in report.Entries)
                {
                    Console.WriteLine("  " + Describe(entry));
                }
                if (parse.GetValue(verify))
                {
                    Console.WriteLine(report.Problems.Count == 0
                        ? "verified: the trail agrees with the rollback store"
                        : $"{report.Problems.Count} problem(s):");
                    foreach (var problem in report.Problems)
                    {
                        Console.WriteLine("  " + problem);
                    }
                }
            }
            return report.Problems.Count == 0 ? 0 : 1;
        });
        return command;
    }

    private static string Describe(AuditEntry entry)
    {
        var parts = new List<string> { $"{entry.Time.ToLocalTime():yyyy-MM-dd HH:mm:ss}", $"{entry.Event,-9}", entry.Origin ?? "" };
        if (entry.Episode is { } episode) parts.Add($"episode {episode}");
        if (entry.Point is { } point) parts.Add($"point {point}");
        if (entry.Reverts is { } reverts) parts.Add($"reverting {reverts}");
        if (entry.Model is { } model) parts.Add(model);
        if (entry.Hunks is { } hunks) parts.Add($"hunks {string.Join(", ", hunks.Select(h => h.Id))}");
        if (entry.Pruned is { } pruned) parts.Add($"dropped {string.Join(", ", pruned)}");
        if (entry.Files is { } files) parts.Add(string.Join(", ", files.Select(f => $"{f.Path} {Short(f.Before)} -> {Short(f.After)}")));
        if (entry.Detail is { } detail) parts.Add($"({detail})");
        return string.Join("  ", parts);
    }

    private static string Short(string? digest) => digest is null ? "absent" : digest[..12];
}
