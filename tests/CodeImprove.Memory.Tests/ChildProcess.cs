using System.Diagnostics;
using System.Globalization;
using CodeImprove.Memory.Embeddings;

namespace CodeImprove.Memory.Tests;

/// <summary>
/// Runs this test assembly again as a separate process that does one job and exits, so tests can check
/// what two processes see and do (a second language server on the same workspace, say).
/// The child loads this assembly as a .NET startup hook (<see cref="StartupHook"/>), which runs the job named
/// in an environment variable before the test runner's Main would start.
/// </summary>
internal static class ChildProcess
{
    public const string Embed = "embed";
    public const string WriteEpisodes = "write-episodes";

    private const string JobVariable = "CODEIMPROVE_MEMORY_TEST_JOB";
    private const string ArgumentVariable = "CODEIMPROVE_MEMORY_TEST_ARGUMENT";

    /// <returns>The child's standard output.</returns>
    public static async Task<string> RunAsync(string job, string argument)
    {
        var assembly = typeof(ChildProcess).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", ["exec", assembly])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_STARTUP_HOOKS"] = assembly;
        start.Environment[JobVariable] = job;
        start.Environment[ArgumentVariable] = argument;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"child '{job}' exited {process.ExitCode}: {await error}");
        return await output;
    }

    internal static void RunJobIfAsked()
    {
        var job = Environment.GetEnvironmentVariable(JobVariable);
        if (job is null)
        {
            return;
        }
        var argument = Environment.GetEnvironmentVariable(ArgumentVariable) ?? "";
        Environment.Exit(job switch
        {
            Embed => PrintEmbedding(argument),
            WriteEpisodes => WriteEpisodesAsync(argument).GetAwaiter().GetResult(),
            _ => 64,
        });
    }

    private static int PrintEmbedding(string code)
    {
        var vector = new HashingCodeEmbedder().Embed(code);
        Console.WriteLine(string.Join(' ', vector.Select(x => x.ToString("R", CultureInfo.InvariantCulture))));
        return 0;
    }

    /// <summary>Argument: "databasePath|count|tag". Exits 0 only when every episode and decision was recorded.</summary>
    private static async Task<int> WriteEpisodesAsync(string argument)
    {
        var parts = argument.Split('|');
        await using var store = await EpisodeStore.OpenAsync(new EpisodeStoreOptions { DatabasePath = parts[0], Logger = new StderrLogger() });
        for (var i = 0; i < int.Parse(parts[1], CultureInfo.InvariantCulture); i++)
        {
            var id = await store.AddEpisodeAsync(Episodes.Draft(code: $"int {parts[2]}{i}() => {i};", strategy: parts[2]));
            if (id is null || !await store.SetDecisionAsync(id.Value, EpisodeDecision.Accepted))
            {
                Console.Error.WriteLine($"write {i} failed: {store.Health}");
                return 3;
            }
        }
        return 0;
    }
}
