using System.CommandLine;
using System.Diagnostics;
using CodeImprove.Protocol;
using Command = System.CommandLine.Command;
using StreamJsonRpc;

namespace CodeImprove.Cli.Bench;

/// <summary>
/// `codeimprove bench lsp`: round-trip latency of a cheap request (codeImprove/serverStatus) to a real
/// `codeimprove serve --stdio` child process, one request at a time, and the server's idle memory. With `--flood`: a user
/// typing 200 changes a second into an open C# file while the editor asks for code actions (10/s) and polls the status
/// (20/s); prints both latencies and the memory growth (targets: code action p99 &lt; 50 ms, status p99 &lt; 10 ms, &lt; 50 MB).
/// </summary>
internal static class LspBench
{
    public static Command Create()
    {
        var requests = new Option<int>("--requests") { Description = "Measured requests.", DefaultValueFactory = _ => 10_000 };
        var warmup = new Option<int>("--warmup") { Description = "Unmeasured requests sent first.", DefaultValueFactory = _ => 1_000 };
        var flood = new Option<bool>("--flood") { Description = "Measure code actions and status polls while a client types 200 changes a second." };
        var seconds = new Option<int>("--seconds") { Description = "With --flood: how long to type.", DefaultValueFactory = _ => 20 };
        var command = new Command("lsp", "Round-trip latency over stdio and idle memory of the language server.") { requests, warmup, flood, seconds };
        CliAction.Set(command, (parse, ct) => parse.GetValue(flood)
            ? FloodAsync(parse.GetValue(seconds), ct)
            : RunAsync(parse.GetValue(requests), parse.GetValue(warmup), ct));
        return command;
    }

    private static async Task<int> RunAsync(int requests, int warmup, CancellationToken cancellationToken)
    {
        var logDir = Directory.CreateTempSubdirectory("codeimprove-bench-").FullName;
        var (server, rpc) = await StartAsync(logDir, cancellationToken);
        using var ownedServer = server;
        using var ownedRpc = rpc;

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

        await StopAsync(server, rpc, cancellationToken);

        Array.Sort(latencies);
        Console.WriteLine($"lsp round trip over stdio: {requests:N0} sequential codeImprove/serverStatus requests after {warmup:N0} warm-up ({Environment.ProcessorCount} cores)");
        Console.WriteLine($"  p50 {Percentile(latencies, 0.50):F3} ms   p90 {Percentile(latencies, 0.90):F3} ms   p99 {Percentile(latencies, 0.99):F3} ms   max {latencies[^1]:F3} ms");
        Console.WriteLine($"  throughput {requests / total.Elapsed.TotalSeconds:N0} requests/s");
        Console.WriteLine($"  server RSS idle after initialize {idleRss / 1048576.0:F1} MB, after the run {busyRss / 1048576.0:F1} MB");
        Console.WriteLine($"  server exit code {server.ExitCode}");
        Directory.Delete(logDir, recursive: true);
        return 0;
    }

    private static async Task<int> FloodAsync(int seconds, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("codeimprove-flood-").FullName;
        var path = Path.Combine(folder, "Typing.cs");
        var text = "namespace Flood;\n\npublic static class Typing\n{\n" + string.Concat(Enumerable.Range(0, 150).Select(i =>
            $"    public static int M{i}(int x)\n    {{\n        if (x > {i}) {{ return x - {i}; }}\n        return x + {i};\n    }}\n\n")) + "}\n";
        await File.WriteAllTextAsync(path, text, cancellationToken);
        var uri = new Uri(path).AbsoluteUri;
        var logDir = Path.Combine(folder, "logs");
        var (server, rpc) = await StartAsync(logDir, cancellationToken);
        using var ownedServer = server;
        using var ownedRpc = rpc;
        await rpc.NotifyWithParameterObjectAsync(LspMethods.DidOpen, new DidOpenTextDocumentParams(new TextDocumentItem(uri, "csharp", 1, text)));
        var action = new CodeActionParams(new TextDocumentIdentifier(uri), new Protocol.Range(new Position(6, 12), new Position(6, 12)), new CodeActionContext([]));
        await rpc.InvokeWithParameterObjectAsync<CodeAction[]>(LspMethods.CodeAction, action, cancellationToken); // the workspace loads
        server.Refresh();
        var before = server.WorkingSet64;

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var typing = Task.Run(async () =>
        {
            var version = 1;
            var started = Stopwatch.StartNew();
            while (!stop.IsCancellationRequested)
            {
                // A character typed at the end of the first line, 200 a second.
                var change = new TextDocumentContentChangeEvent("x") { Range = new Protocol.Range(new Position(0, 16), new Position(0, 16)) };
                await rpc.NotifyWithParameterObjectAsync(LspMethods.DidChange, new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, ++version), [change]));
                var due = TimeSpan.FromMilliseconds(version * 5.0) - started.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, CancellationToken.None);
                }
            }
            return version - 1;
        }, CancellationToken.None);
        var actions = MeasureAsync(() => rpc.InvokeWithParameterObjectAsync<CodeAction[]>(LspMethods.CodeAction, action, CancellationToken.None), 100, stop.Token);
        var polls = MeasureAsync(() => rpc.InvokeWithParameterObjectAsync<ServerStatus>(LspMethods.ServerStatus, null, CancellationToken.None), 50, stop.Token);
        var changes = await typing;
        var actionTimes = await actions;
        var pollTimes = await polls;
        server.Refresh();
        var after = server.WorkingSet64;
        await StopAsync(server, rpc, cancellationToken);

        Console.WriteLine($"lsp under typing: {changes:N0} didChange in {seconds} s ({changes / (double)seconds:N0}/s) into a {text.Length / 1024} KB file ({Environment.ProcessorCount} cores)");
        Console.WriteLine($"  textDocument/codeAction  {actionTimes.Length,5} requests  p50 {Percentile(actionTimes, 0.50):F1} ms  p99 {Percentile(actionTimes, 0.99):F1} ms  max {actionTimes[^1]:F1} ms   (target p99 < 50 ms)");
        Console.WriteLine($"  codeImprove/serverStatus {pollTimes.Length,5} requests  p50 {Percentile(pollTimes, 0.50):F2} ms  p99 {Percentile(pollTimes, 0.99):F2} ms  max {pollTimes[^1]:F2} ms   (target p99 < 10 ms)");
        Console.WriteLine($"  server RSS {before / 1048576.0:F0} MB before, {after / 1048576.0:F0} MB after: growth {(after - before) / 1048576.0:F0} MB   (target < 50 MB)");
        Directory.Delete(folder, recursive: true);
        return 0;
    }

    /// <summary>A real `codeimprove serve --stdio` child, initialized; server notifications are ignored.</summary>
    private static async Task<(Process Server, JsonRpc Rpc)> StartAsync(string logDir, CancellationToken cancellationToken)
    {
        var server = Process.Start(new ProcessStartInfo(Environment.ProcessPath!, ["serve", "--stdio", "--log-dir", logDir, "--log-level", "Warning"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        server.ErrorDataReceived += (_, _) => { };
        server.BeginErrorReadLine();
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = LanguageServer.Hosting.LspJson.Options };
        var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(server.StandardInput.BaseStream, server.StandardOutput.BaseStream, formatter));
        rpc.AddLocalRpcMethod(LspMethods.PublishDiagnostics, new Action<object?>(_ => { }));
        rpc.StartListening();
        await rpc.InvokeWithParameterObjectAsync<InitializeResult>(LspMethods.Initialize, new InitializeParams { ProcessId = Environment.ProcessId }, cancellationToken);
        await rpc.NotifyWithParameterObjectAsync(LspMethods.Initialized, new InitializedParams());
        return (server, rpc);
    }

    private static async Task StopAsync(Process server, JsonRpc rpc, CancellationToken cancellationToken)
    {
        await rpc.InvokeWithParameterObjectAsync<object?>(LspMethods.Shutdown, null, cancellationToken);
        await rpc.NotifyAsync(LspMethods.Exit);
        await server.WaitForExitAsync(cancellationToken);
    }

    /// <summary>Sends one request every <paramref name="periodMs"/> until stopped; returns the sorted round-trip times.</summary>
    private static async Task<double[]> MeasureAsync(Func<Task> request, int periodMs, CancellationToken stop)
    {
        var times = new List<double>();
        var started = Stopwatch.StartNew();
        for (var i = 1; !stop.IsCancellationRequested; i++)
        {
            var clock = Stopwatch.StartNew();
            await request();
            times.Add(clock.Elapsed.TotalMilliseconds);
            var due = TimeSpan.FromMilliseconds(i * (double)periodMs) - started.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, CancellationToken.None);
            }
        }
        times.Sort();
        return [.. times];
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
