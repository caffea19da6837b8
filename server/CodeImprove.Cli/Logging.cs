using CodeImprove.LanguageServer.Services;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace CodeImprove.Cli;

/// <summary>Serilog for the process: a rolling file, stderr (stdout belongs to the protocol), and optionally the client.</summary>
internal static class Logging
{
    public static string DefaultDirectory
    {
        get
        {
            var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
            var root = !string.IsNullOrEmpty(state) ? state
                : OperatingSystem.IsWindows() ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
            return Path.Combine(root, "codeimprove", "logs");
        }
    }

    public static Logger Create(string? directory, LogEventLevel level, ILogEventSink? clientSink = null)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .WriteTo.Async(a => a.File(
                Path.Combine(directory ?? DefaultDirectory, "codeimprove-.log"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 7,
                fileSizeLimitBytes: 20 * 1024 * 1024,
                rollOnFileSizeLimit: true))
            .WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        if (clientSink is not null)
        {
            configuration = configuration.WriteTo.Sink(clientSink);
        }
        return configuration.CreateLogger();
    }
}
