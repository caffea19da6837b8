using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace CodeImprove.EndToEnd.Tests;

/// <summary>
/// The real `codeimprove serve --stdio` executable as a child process, spoken to with raw framed JSON-RPC
/// (raw so that tests can also send what a well-behaved client never would).
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly Stream stdin;
    private readonly Channel<JsonObject> incoming = Channel.CreateUnbounded<JsonObject>();
    private readonly List<JsonObject> pending = [];
    private readonly StringBuilder stderr = new();
    private readonly Task readLoop;
    private int nextId;

    private ServerProcess(Process process)
    {
        this.process = process;
        stdin = process.StandardInput.BaseStream;
        process.ErrorDataReceived += (_, e) => { lock (stderr) { stderr.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
        readLoop = Task.Run(ReadFramesAsync);
    }

    public string Stderr { get { lock (stderr) { return stderr.ToString(); } } }

    /// <summary>The server built with the tests, or the one in CODEIMPROVE_SERVER (e.g. the published artifact).</summary>
    public static ServerProcess Start(string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var logDir = Directory.CreateTempSubdirectory("codeimprove-e2e-logs-").FullName;
        var info = Executable();
        foreach (var arg in new[] { "serve", "--stdio", "--log-dir", logDir })
        {
            info.ArgumentList.Add(arg);
        }
        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.WorkingDirectory = workingDirectory ?? Path.GetTempPath();
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        return new ServerProcess(Process.Start(info)!);
    }

    /// <param name="folders">Workspace folder URIs (a multi-root workspace); null sends only <paramref name="rootUri"/>.</param>
    /// <summary>The codeimprove executable under test: the published one when CODEIMPROVE_SERVER names it, else the built dll.</summary>
    private static ProcessStartInfo Executable() =>
        Environment.GetEnvironmentVariable("CODEIMPROVE_SERVER") is { Length: > 0 } server
            ? new ProcessStartInfo(server)
            : new ProcessStartInfo("dotnet") { ArgumentList = { Path.Combine(AppContext.BaseDirectory, "codeimprove.dll") } };

    /// <summary>Runs a CLI command of the same executable to its end: exit code and standard output.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunCliAsync(params string[] args)
    {
        var info = Executable();
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    public async Task<JsonObject> InitializeAsync(JsonObject? capabilities = null, string? rootUri = null, IReadOnlyList<string>? folders = null)
    {
        var response = await RequestAsync("initialize", new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["rootUri"] = rootUri,
            ["capabilities"] = capabilities ?? new JsonObject(),
            ["workspaceFolders"] = folders is null ? null
                : new JsonArray([.. folders.Select(uri => (JsonNode)new JsonObject { ["uri"] = uri, ["name"] = Path.GetFileName(new Uri(uri).LocalPath) })]),
        });
        await NotifyAsync("initialized", new JsonObject());
        return response;
    }

    public int NewId() => Interlocked.Increment(ref nextId);

    /// <summary>Sends a request and waits for the response with its id (result or error).</summary>
    public async Task<JsonObject> RequestAsync(string method, JsonNode? parameters = null, int? id = null, TimeSpan? timeout = null)
    {
        var requestId = id ?? NewId();
        await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = requestId, ["method"] = method, ["params"] = parameters });
        return await ResponseAsync(requestId, timeout);
    }

    public Task<JsonObject> ResponseAsync(int requestId, TimeSpan? timeout = null) =>
        WaitForAsync(m => m["id"] is JsonValue v && v.TryGetValue(out int i) && i == requestId && m["method"] is null, timeout);

    /// <summary>Waits for a request from the server (e.g. workspace/applyEdit) and answers it.</summary>
    public async Task<JsonObject> AnswerAsync(string method, JsonNode? result, TimeSpan? timeout = null)
    {
        var request = await WaitForAsync(m => m["method"]?.GetValue<string>() == method && m["id"] is not null, timeout);
        await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = request["id"]!.DeepClone(), ["result"] = result });
        return request;
    }

    /// <summary>Waits for a notification from the server with this method whose params match.</summary>
    public Task<JsonObject> NotificationAsync(string method, Func<JsonNode, bool>? match = null, TimeSpan? timeout = null) =>
        WaitForAsync(m => m["method"]?.GetValue<string>() == method && m["id"] is null && (match is null || match(m["params"]!)), timeout);

    public Task NotifyAsync(string method, JsonNode? parameters = null) =>
        SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    public Task SendAsync(JsonObject message) => SendRawAsync(Encoding.UTF8.GetBytes(message.ToJsonString()));

    public Task SendRawAsync(byte[] body, int? contentLength = null) =>
        WriteAsync([.. Encoding.ASCII.GetBytes($"Content-Length: {contentLength ?? body.Length}\r\n\r\n"), .. body]);

    public async Task WriteAsync(byte[] bytes)
    {
        await stdin.WriteAsync(bytes);
        await stdin.FlushAsync();
    }

    public void CloseInput() => stdin.Close();

    /// <summary>Waits for the first message (in arrival order, including ones already received) that matches.</summary>
    public async Task<JsonObject> WaitForAsync(Func<JsonObject, bool> match, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        lock (pending)
        {
            if (pending.FirstOrDefault(match) is { } early)
            {
                pending.Remove(early);
                return early;
            }
        }
        try
        {
            while (true)
            {
                var message = await incoming.Reader.ReadAsync(cts.Token);
                if (match(message))
                {
                    return message;
                }
                lock (pending)
                {
                    pending.Add(message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No matching message from the server. Unclaimed: {string.Join("\n", pending.Select(p => p.ToJsonString()))}\nstderr:\n{Stderr}");
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        return process.ExitCode;
    }

    private async Task ReadFramesAsync()
    {
        var stdout = process.StandardOutput.BaseStream;
        var buffer = new ArrayBufferWriter<byte>();
        var chunk = new byte[65536];
        while (true)
        {
            var read = await stdout.ReadAsync(chunk);
            if (read == 0)
            {
                incoming.Writer.TryComplete();
                return;
            }
            buffer.Write(chunk.AsSpan(0, read));
            while (TryTakeFrame(buffer, out var frame))
            {
                incoming.Writer.TryWrite(JsonNode.Parse(frame)!.AsObject());
            }
        }
    }

    private static bool TryTakeFrame(ArrayBufferWriter<byte> buffer, out byte[] frame)
    {
        frame = [];
        var data = buffer.WrittenSpan;
        var headerEnd = data.IndexOf("\r\n\r\n"u8);
        if (headerEnd < 0)
        {
            return false;
        }
        var header = Encoding.ASCII.GetString(data[..headerEnd]);
        var length = int.Parse(header.Split("\r\n").Single(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))["Content-Length:".Length..].Trim());
        if (data.Length < headerEnd + 4 + length)
        {
            return false;
        }
        frame = data.Slice(headerEnd + 4, length).ToArray();
        var rest = data[(headerEnd + 4 + length)..].ToArray();
        buffer.Clear();
        buffer.Write(rest);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        await readLoop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        process.Dispose();
    }
}
