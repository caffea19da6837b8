using System.Diagnostics;
using System.Reflection;

namespace CodeImprove.LanguageServer;

/// <summary>Process-wide facts the handlers share: version, start time, and how the session ends.</summary>
public sealed class ServerState
{
    private readonly TaskCompletionSource<int> exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Stopwatch uptime = Stopwatch.StartNew();

    public static string Version { get; } =
        typeof(ServerState).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public string? WorkspaceFolder { get; set; }

    public TimeSpan Uptime => uptime.Elapsed;

    /// <summary>Completes with the process exit code when the client sends 'exit'.</summary>
    public Task<int> ExitRequested => exit.Task;

    public void RequestExit(int exitCode) => exit.TrySetResult(exitCode);
}
