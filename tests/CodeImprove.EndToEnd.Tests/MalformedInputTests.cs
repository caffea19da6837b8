using System.Text;
using System.Text.Json.Nodes;

namespace CodeImprove.EndToEnd.Tests;

/// <summary>Each bad message gets the protocol's error or a log line, and the next request is still served.</summary>
public sealed class MalformedInputTests
{
    private static async Task<ServerProcess> StartInitializedAsync()
    {
        var server = ServerProcess.Start();
        await server.InitializeAsync();
        return server;
    }

    private static async Task AssertStillServingAsync(ServerProcess server)
    {
        var status = await server.RequestAsync("codeImprove/serverStatus");
        Assert.NotNull(status.Result()["version"]);
    }

    [Fact]
    public async Task Malformed_json_gets_a_parse_error_with_null_id()
    {
        await using var server = await StartInitializedAsync();
        await server.SendRawAsync("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":"u8.ToArray());
        var error = await server.WaitForAsync(m => m["error"] is not null);
        Assert.Equal(-32700, error.ErrorCode());
        Assert.Null(error["id"]);
        await AssertStillServingAsync(server);
    }

    [Fact]
    public async Task Invalid_utf8_gets_a_parse_error_with_the_request_id()
    {
        await using var server = await StartInitializedAsync();
        await server.SendRawAsync([.. "{\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"codeImprove/serverStatus\",\"params\":{\"x\":\""u8, 0xC3, 0x28, .. "\"}}"u8]);
        var error = await server.WaitForAsync(m => m["id"]?.GetValue<int>() == 41);
        Assert.Equal(-32700, error.ErrorCode());
        await AssertStillServingAsync(server);
    }

    [Fact]
    public async Task A_too_short_content_length_is_refused_and_the_stream_resynchronises()
    {
        await using var server = await StartInitializedAsync();
        var body = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":50,\"method\":\"codeImprove/serverStatus\"}");
        await server.SendRawAsync(body, contentLength: body.Length - 10);
        var error = await server.WaitForAsync(m => m["error"] is not null);
        Assert.Equal(-32700, error.ErrorCode());
        await AssertStillServingAsync(server);
    }

    [Fact]
    public async Task A_missing_content_length_header_is_dropped_with_a_log_line()
    {
        await using var server = await StartInitializedAsync();
        await server.WriteAsync(Encoding.ASCII.GetBytes("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}"));
        await AssertStillServingAsync(server);
        Assert.Contains("without Content-Length", server.Stderr);
    }

    [Fact]
    public async Task A_non_numeric_content_length_is_dropped_with_a_log_line()
    {
        await using var server = await StartInitializedAsync();
        await server.WriteAsync(Encoding.ASCII.GetBytes("Content-Length: lots\r\n\r\n"));
        await AssertStillServingAsync(server);
        Assert.Contains("invalid Content-Length", server.Stderr);
    }

    [Fact]
    public async Task A_50_MB_request_is_refused_by_id_without_reading_it_into_memory()
    {
        await using var server = await StartInitializedAsync();
        var prefix = "{\"jsonrpc\":\"2.0\",\"id\":60,\"method\":\"codeImprove/serverStatus\",\"params\":{\"blob\":\""u8.ToArray();
        var body = new byte[50 * 1024 * 1024];
        body.AsSpan().Fill((byte)'a');
        prefix.CopyTo(body, 0);
        "\"}}"u8.CopyTo(body.AsSpan(body.Length - 3));
        await server.SendRawAsync(body);
        var error = await server.WaitForAsync(m => m["id"]?.GetValue<int>() == 60);
        Assert.Equal(-32600, error.ErrorCode());
        Assert.Contains("limit", error["error"]!["message"]!.GetValue<string>());
        await AssertStillServingAsync(server);
    }

    [Fact]
    public async Task Unknown_methods_get_MethodNotFound()
    {
        await using var server = await StartInitializedAsync();
        var response = await server.RequestAsync("textDocument/noSuchThing", new JsonObject());
        Assert.Equal(-32601, response.ErrorCode());
        await AssertStillServingAsync(server);
    }

    [Fact]
    public async Task Invalid_params_get_InvalidParams_and_do_not_initialize_the_server()
    {
        await using var server = ServerProcess.Start();
        var response = await server.RequestAsync("initialize", new JsonObject { ["capabilities"] = 5 });
        Assert.Equal(-32602, response.ErrorCode());
        var initialized = await server.InitializeAsync();
        Assert.NotNull(initialized.Result()["capabilities"]);
        await AssertStillServingAsync(server);
    }

    [Fact]
    public async Task A_notification_with_invalid_params_is_dropped_and_reported_to_the_client()
    {
        await using var server = await StartInitializedAsync();
        await server.NotifyAsync("textDocument/didOpen", new JsonObject { ["textDocument"] = 5 });
        var log = await server.WaitForAsync(m => m["method"]?.GetValue<string>() == "window/logMessage");
        Assert.Contains("textDocument/didOpen", log["params"]!["message"]!.GetValue<string>());
        await AssertStillServingAsync(server);
    }

    [Fact]
    public async Task A_body_truncated_by_a_closed_stream_ends_the_server()
    {
        await using var server = await StartInitializedAsync();
        await server.WriteAsync(Encoding.ASCII.GetBytes("Content-Length: 100\r\n\r\n{\"jsonrpc\":"));
        server.CloseInput();
        Assert.Equal(1, await server.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("inside a message body", server.Stderr);
    }
}
