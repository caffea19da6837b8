using System.Text.Json.Nodes;

namespace CodeImprove.EndToEnd.Tests;

public sealed class SchedulingAndConfigurationTests
{
    private static readonly JsonObject PullCapabilities = new() { ["workspace"] = new JsonObject { ["configuration"] = true } };

    private static Func<JsonObject, bool> ConfigurationRequest =>
        m => m["method"]?.GetValue<string>() == "workspace/configuration" && m["id"] is not null;

    private static Task AnswerAsync(ServerProcess server, JsonObject request, JsonNode result) =>
        server.SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = request["id"]!.DeepClone(), ["result"] = result });

    [Fact]
    public async Task Configuration_is_pulled_on_initialized_and_on_change()
    {
        await using var server = ServerProcess.Start();
        await server.InitializeAsync((JsonObject)PullCapabilities.DeepClone());

        var pull = await server.WaitForAsync(ConfigurationRequest);
        Assert.Equal("codeImprove", pull["params"]!["items"]![0]!["section"]!.GetValue<string>());
        await AnswerAsync(server, pull, new JsonArray(new JsonObject { ["model"] = new JsonObject { ["path"] = "/models/a.gguf" } }));
        // The configured model does not exist: the load fails with a clear message and the server serves on without it.
        var error = await server.NotificationAsync("window/showMessage", p => p["type"]!.GetValue<int>() == 1);
        Assert.Contains("/models/a.gguf", error["params"]!["message"]!.GetValue<string>());
        var first = (await server.RequestAsync("codeImprove/serverStatus")).Result();
        Assert.Equal(("failed", "a.gguf"), (first["modelState"]!.GetValue<string>(), first["modelName"]!.GetValue<string>()));

        await server.NotifyAsync("workspace/didChangeConfiguration", new JsonObject { ["settings"] = null });
        var again = await server.WaitForAsync(ConfigurationRequest);
        await AnswerAsync(server, again, new JsonArray(new JsonObject { ["model"] = new JsonObject { ["endpoint"] = "http://127.0.0.1:9/v1" } }));
        await server.NotificationAsync("codeImprove/statusChanged", p => p["modelName"]?.GetValue<string>() == "http://127.0.0.1:9/v1"
            && p["modelState"]!.GetValue<string>() is "failed" or "endpoint", TimeSpan.FromSeconds(60));
        Assert.Equal("http://127.0.0.1:9/v1", (await server.RequestAsync("codeImprove/serverStatus")).Result()["modelName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Pushed_settings_apply_when_the_client_cannot_be_asked()
    {
        await using var server = ServerProcess.Start();
        await server.InitializeAsync();
        await server.NotifyAsync("workspace/didChangeConfiguration", new JsonObject
        {
            ["settings"] = new JsonObject { ["codeImprove"] = new JsonObject { ["model"] = new JsonObject { ["path"] = "/m.gguf" } } },
        });
        await server.NotificationAsync("codeImprove/statusChanged", p => p["modelName"]?.GetValue<string>() == "m.gguf" && p["modelState"]!.GetValue<string>() == "failed");
    }

    [Fact]
    public async Task A_request_queued_behind_a_mutation_can_be_cancelled_and_later_ones_still_run()
    {
        await using var server = ServerProcess.Start();
        await server.InitializeAsync((JsonObject)PullCapabilities.DeepClone());
        // 'initialized' is a mutation that waits for the client's configuration answer: readers queue behind it.
        var pull = await server.WaitForAsync(ConfigurationRequest);

        // A code action is ordered behind it (a status poll is not: it never waits for the queue).
        var queuedId = server.NewId();
        await server.SendAsync(new JsonObject
        {
            ["jsonrpc"] = "2.0", ["id"] = queuedId, ["method"] = "textDocument/codeAction",
            ["params"] = new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = "file:///tmp/queued.cs" },
                ["range"] = SampleProject.Range(0, 0, 0, 0),
                ["context"] = new JsonObject { ["diagnostics"] = new JsonArray() },
            },
        });
        var status = (await server.RequestAsync("codeImprove/serverStatus")).Result();
        Assert.NotNull(status["version"]);
        await server.NotifyAsync("$/cancelRequest", new JsonObject { ["id"] = queuedId });
        var cancelled = await server.WaitForAsync(m => m["id"]?.GetValue<int>() == queuedId);
        Assert.Equal(-32800, cancelled.ErrorCode());

        await AnswerAsync(server, pull, new JsonArray(new JsonObject()));
        var after = await server.RequestAsync("codeImprove/serverStatus");
        Assert.NotNull(after.Result()["version"]);
    }
}
