using CodeImprove.Engine.Sessions;
using System.CommandLine;
using CodeImprove.Inference.Llama;
using CodeImprove.LanguageServer;
using CodeImprove.LanguageServer.Services;
using Serilog.Events;

namespace CodeImprove.Cli.Commands;

/// <summary>`codeimprove serve --stdio`: the language server.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var stdio = new Option<bool>("--stdio") { Description = "Speak LSP over standard input and output (the only transport)." };
        var logDir = new Option<string?>("--log-dir") { Description = $"Folder for the rolling log file (default: {Logging.DefaultDirectory})." };
        var logLevel = new Option<LogEventLevel>("--log-level") { Description = "Minimum level written to the log.", DefaultValueFactory = _ => LogEventLevel.Information };
        var command = new Command("serve", "Run the language server.") { stdio, logDir, logLevel };
        CliAction.Set(command, async (parse, cancellationToken) =>
        {
            if (!parse.GetValue(stdio))
            {
                throw new CliException("serve needs --stdio (the only transport).");
            }
            // Stdout carries only protocol messages: anything a library prints goes to stderr instead.
            var protocolOut = Console.OpenStandardOutput();
            Console.SetOut(Console.Error);

            var client = new ClientConnection();
            await using var log = Logging.Create(parse.GetValue(logDir), parse.GetValue(logLevel), new ClientLogSink(client));
            log.Information("codeimprove {Version} serving LSP over stdio (pid {Pid})", ServerState.Version, Environment.ProcessId);
            var models = new ModelRuntime(GpuProbe.ForCurrentExecutable(GenerateCommand.ProbeCommand), new Serilog.Extensions.Logging.SerilogLoggerFactory(log).CreateLogger("model"));
            var server = new LspServer(Console.OpenStandardInput(), protocolOut, log, client, models);
            var exitCode = await server.RunAsync(cancellationToken);
            log.Information("Exiting with code {ExitCode}", exitCode);
            return exitCode;
        });
        return command;
    }
}
