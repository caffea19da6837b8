using System.Text;
using System.Text.Json.Nodes;

namespace CodeImprove.EndToEnd.Tests;

/// <summary>
/// The reproductions that used to end the server or answer -32000, as a table that grows: after each message the real
/// process must still answer, with the protocol's error where the message was a request.
/// </summary>
public sealed class HostileInputTests
{

    /// <summary>A raw message body, and the error code its answer must carry (null: a notification or response, nothing answered).</summary>
    public static TheoryData<string, string, int?> Corpus => new()
    {
        { "response to an unknown id", """{"jsonrpc":"2.0","id":987654,"result":{"x":1}}""", null },
        { "error response to an unknown id", """{"jsonrpc":"2.0","id":987655,"error":{"code":-1,"message":"no"}}""", null },
        { "id 1.5", """{"jsonrpc":"2.0","id":1.5,"method":"codeImprove/serverStatus"}""", -32600 },
        { "id 1e3", """{"jsonrpc":"2.0","id":1e3,"method":"codeImprove/serverStatus"}""", -32600 },
        { "id 2^64", """{"jsonrpc":"2.0","id":18446744073709551616,"method":"codeImprove/serverStatus"}""", -32600 },
        { "string params on a request", """{"jsonrpc":"2.0","id":501,"method":"codeImprove/history","params":"abc"}""", -32602 },
        { "number params on a notification", """{"jsonrpc":"2.0","method":"textDocument/didClose","params":5}""", null },
        { "codeAction without context", """{"jsonrpc":"2.0","id":502,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///tmp/codeimprove-hostile/A.cs"},"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}}}}""", -32602 },
        { "codeAction with a null start", """{"jsonrpc":"2.0","id":503,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///tmp/codeimprove-hostile/A.cs"},"range":{"start":null,"end":{"line":0,"character":0}},"context":{"diagnostics":[]}}}""", -32602 },
        { "codeAction without a uri", """{"jsonrpc":"2.0","id":504,"method":"textDocument/codeAction","params":{"textDocument":{},"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"context":{"diagnostics":[]}}}""", -32602 },
        { "improve with a null uri", """{"jsonrpc":"2.0","id":505,"method":"workspace/executeCommand","params":{"command":"codeImprove.improve","arguments":[{"uri":null,"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}}}]}}""", -32602 },
        { "accept {}", """{"jsonrpc":"2.0","id":506,"method":"codeImprove/accept","params":{}}""", -32602 },
        { "reject {}", """{"jsonrpc":"2.0","id":507,"method":"codeImprove/reject","params":{}}""", -32602 },
        { "rollback {}", """{"jsonrpc":"2.0","id":508,"method":"codeImprove/rollback","params":{}}""", -32602 },
        { "didOpen without text", """{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/codeimprove-hostile/A.cs","languageId":"csharp","version":1}}}""", null },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task A_hostile_message_gets_its_error_and_the_server_serves_on(string name, string body, int? expectedError)
    {
        await using var server = ServerProcess.Start();
        await server.InitializeAsync();
        await server.SendRawAsync(Encoding.UTF8.GetBytes(body));
        if (expectedError is { } code)
        {
            var answer = await server.WaitForAsync(m => m["error"] is not null);
            Assert.True(code == answer.ErrorCode(), $"{name}: {answer.ToJsonString()}");
            Assert.DoesNotContain("Object reference", answer["error"]!["message"]!.GetValue<string>());
        }
        var status = await server.RequestAsync("codeImprove/serverStatus");
        Assert.NotNull(status.Result()["version"]);
        Assert.False(server.Stderr.Contains("closed the connection", StringComparison.Ordinal), name);
    }

    [Fact]
    public async Task An_initialize_without_params_leaves_the_server_uninitialized()
    {
        await using var server = ServerProcess.Start();
        var refused = await server.RequestAsync("initialize", null);
        Assert.Equal(-32602, refused.ErrorCode());
        var initialized = await server.InitializeAsync();
        Assert.NotNull(initialized.Result()["capabilities"]);
    }

    [Fact]
    public async Task A_client_that_answers_a_server_request_twice_does_not_end_the_server()
    {
        await using var server = ServerProcess.Start();
        await server.InitializeAsync(new JsonObject { ["workspace"] = new JsonObject { ["configuration"] = true } });
        var request = await server.AnswerAsync("workspace/configuration", new JsonArray(new JsonObject()));
        await server.SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = request["id"]!.DeepClone(), ["result"] = new JsonArray(new JsonObject()) });
        var status = await server.RequestAsync("codeImprove/serverStatus");
        Assert.NotNull(status.Result()["version"]);
    }

    [Fact]
    public async Task Only_the_content_length_header_sets_the_length()
    {
        await using var server = ServerProcess.Start();
        await server.InitializeAsync();
        var body = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":77,"method":"codeImprove/serverStatus"}""");
        await server.WriteAsync([.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\nX-Content-Length: 5\r\n\r\n"), .. body]);
        Assert.NotNull((await server.ResponseAsync(77)).Result()["version"]);
    }

    [Fact]
    public async Task A_huge_closed_file_is_refused_like_a_huge_open_one()
    {
        var folder = Directory.CreateTempSubdirectory("codeimprove-hostile-").FullName;
        var path = Path.Combine(folder, "Generated.cs");
        File.WriteAllText(path, "class G { void M() { } }\n// " + new string('x', 4 * 1024 * 1024) + "\n");
        await using var server = ServerProcess.Start();
        await server.InitializeAsync();

        var refused = await server.RequestAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = "codeImprove.improve",
            ["arguments"] = new JsonArray(new JsonObject { ["uri"] = new Uri(path).AbsoluteUri, ["range"] = SampleProject.Range(0, 12, 0, 12) }),
        });

        Assert.Equal(-32803, refused.ErrorCode());
        Assert.Contains("too large to analyze", refused["error"]!["message"]!.GetValue<string>());
    }
}
