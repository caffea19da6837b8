using System.Text.Json.Nodes;

namespace CodeImprove.EndToEnd.Tests;

public sealed class LifecycleTests
{
    [Fact]
    public async Task Handshake_advertises_only_text_sync_and_echoes_the_version()
    {
        await using var server = ServerProcess.Start();
        var response = await server.InitializeAsync();

        var result = response.Result();
        Assert.Equal("codeimprove", result["serverInfo"]!["name"]!.GetValue<string>());
        Assert.Matches(@"^\d+\.\d+\.\d+", result["serverInfo"]!["version"]!.GetValue<string>());
        var capabilities = result["capabilities"]!.AsObject();
        Assert.Equal(2, capabilities["textDocumentSync"]!["change"]!.GetValue<int>());
        Assert.True(capabilities["textDocumentSync"]!["openClose"]!.GetValue<bool>());
        Assert.Null(capabilities["hoverProvider"]);
    }

    [Fact]
    public async Task Requests_before_initialize_get_ServerNotInitialized_and_initialize_still_works()
    {
        await using var server = ServerProcess.Start();
        var early = await server.RequestAsync("codeImprove/serverStatus");
        Assert.Equal(-32002, early.ErrorCode());

        await server.InitializeAsync();
        var status = await server.RequestAsync("codeImprove/serverStatus");
        Assert.Equal(0, status.Result()["openDocuments"]!.GetValue<int>());
    }

    [Fact]
    public async Task Shutdown_then_exit_ends_with_code_0_and_refuses_requests_in_between()
    {
        await using var server = ServerProcess.Start();
        await server.InitializeAsync();
        var shutdown = await server.RequestAsync("shutdown");
        Assert.True(shutdown.ContainsKey("result"));
        Assert.Null(shutdown["result"]);

        var afterShutdown = await server.RequestAsync("codeImprove/serverStatus");
        Assert.Equal(-32600, afterShutdown.ErrorCode());

        await server.NotifyAsync("exit");
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Exit_without_shutdown_ends_with_code_1()
    {
        await using var server = ServerProcess.Start();
        await server.InitializeAsync();
        await server.NotifyAsync("exit");
        Assert.Equal(1, await server.WaitForExitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_client_that_disappears_ends_the_server_within_two_seconds()
    {
        await using var server = ServerProcess.Start();
        await server.InitializeAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        server.CloseInput();
        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(10));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.Equal(1, exitCode);
    }

    [Fact]
    public async Task Open_and_close_are_tracked_and_stdout_carries_only_protocol()
    {
        await using var server = ServerProcess.Start();
        await server.InitializeAsync();
        await server.NotifyAsync("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = "file:///tmp/a.cs", ["languageId"] = "csharp", ["version"] = 1, ["text"] = "class A {}\r\n" },
        });
        await server.NotifyAsync("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = "file:///tmp/a.cs", ["version"] = 2 },
            ["contentChanges"] = new JsonArray(new JsonObject
            {
                ["range"] = new JsonObject { ["start"] = Pos(0, 9), ["end"] = Pos(0, 9) },
                ["text"] = " /* 😀 */ ",
            }),
        });
        var open = await server.RequestAsync("codeImprove/serverStatus");
        Assert.Equal(1, open.Result()["openDocuments"]!.GetValue<int>());

        await server.NotifyAsync("textDocument/didClose", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = "file:///tmp/a.cs" } });
        var closed = await server.RequestAsync("codeImprove/serverStatus");
        Assert.Equal(0, closed.Result()["openDocuments"]!.GetValue<int>());
        // Every byte on stdout parsed as a frame so far (the reader would have thrown otherwise); the log went to stderr.
        Assert.Contains("serving LSP over stdio", server.Stderr);
    }

    internal static JsonObject Pos(int line, int character) => new() { ["line"] = line, ["character"] = character };
}
