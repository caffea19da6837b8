using System.CommandLine;
using CodeImprove.Cli.Commands;

namespace CodeImprove.Cli;

/// <summary>Every top-level command, registered in one place.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create() =>
    [
        ServeCommand.Create(),
        BenchCommand.Create(),
        GenerateCommand.Create(),
        AnalyzeCommand.Create(),
        HistoryCommand.Create(),
        RollbackCommand.Create(),
        AuditCommand.Create(),
        EpisodesCommand.Create(),
        ExportCommand.Create(),
        ImproveCommand.Create(),
        ReviewCommand.Create(),
    ];
}
