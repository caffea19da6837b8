using System.CommandLine;
using System.Diagnostics;
using CodeImprove.Protocol;
using Command = System.CommandLine.Command;
using StreamJsonRpc;

namespace CodeImprove.Cli.Bench;

/// <summary>
/// `codeimprove bench lsp`: round-trip latency of a cheap request (codeImprove/serverStatus) to a real
/// `codeimprove serve --stdio` child process, one request at a time, and the server's idle memory.
/// </summary>
internal static class LspBench
{
    public static Command Create()
    {
        var requests = new Option<int>("--requests") { Description = "Measured requests.", DefaultValueFactory = _ => 10_000 };
        var warmup = new Option<int>("--warmup") { Description = "Unmeasured requests sent first.", DefaultValueFactory = _ => 1_000 };
        var command = new Command("lsp", "Round-trip latency over stdio and idle memory of the language server.") { requests, warmup };
        CliAction.Set(command, (parse, ct) => RunAsync(parse.GetValue(requests), parse.GetValue(warmup), ct));
        return command;
    }

    private static async Task<int> RunAsync(int requests, int warmup, CancellationToken cancellationToken)
    {
        var logDir = Directory.CreateTempSubdirectory("codeimprove-bench-").FullName;
        using var server = Process.Start(new ProcessStartInfo(Environment.ProcessPath!, ["serve", "--stdio", "--log-dir", logDir, "--log-level", "Warning"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        server.ErrorDataReceived += (_, _) => { };
        server.BeginErrorReadLine();
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = LanguageServer.Hosting.LspJson.Options };
        using var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(server.StandardInput.BaseStream, server.StandardOutput.BaseStream, formatter));
        rpc.StartListening();

        await rpc.InvokeWithParameterObjectAsync<InitializeResult>(LspMethods.Initialize, new InitializeParams { ProcessId = Environment.ProcessId }, cancellationToken);
        await rpc.NotifyWithParameterObjectAsync(LspMethods.Initialized, new InitializedParams());

        await Task.Delay(2000, cancellationToken);
        server.Refresh();
        var idleRss = server.WorkingSet64;

        for (var i = 0; i < warmup; i++)
        {
            await rpc.InvokeWithParameterObjectAsync<ServerStatus>(LspMethods.ServerStatus, null, cancellationToken);
        }
        var latencies = new double[requests];
        var clock = new Stopwatch();
        var total = Stopwatch.StartNew();
        for (var i = 0; i < requests; i++)
        {
            clock.Restart();
            await rpc.InvokeWithParameterObjectAsync<ServerStatus>(LspMethods.ServerStatus, null, cancellationToken);
            latencies[i] = clock.Elapsed.TotalMilliseconds;
        }
        total.Stop();
        server.Refresh();
        var busyRss = server.WorkingSet64;

        await rpc.InvokeWithParameterObjectAsync<object?>(LspMethods.Shutdown, null, cancellationToken);
        await rpc.NotifyAsync(LspMethods.Exit);
        await server.WaitForExitAsync(cancellationToken);

        Array.Sort(latencies);
        Console.WriteLine($"lsp round trip over stdio: {requests:N0} sequential codeImprove/serverStatus requests after {warmup:N0} warm-up ({Environment.ProcessorCount} cores)");
        Console.WriteLine($"  p50 {Percentile(latencies, 0.50):F3} ms   p90 {Percentile(latencies, 0.90):F3} ms   p99 {Percentile(latencies, 0.99):F3} ms   max {latencies[^1]:F3} ms");
        Console.WriteLine($"  throughput {requests / total.Elapsed.TotalSeconds:N0} requests/s");
        Console.WriteLine($"  server RSS idle after initialize {idleRss / 1048576.0:F1} MB, after the run {busyRss / 1048576.0:F1} MB");
        Console.WriteLine($"  server exit code {server.ExitCode}");
        Directory.Delete(logDir, recursive: true);
        return 0;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
