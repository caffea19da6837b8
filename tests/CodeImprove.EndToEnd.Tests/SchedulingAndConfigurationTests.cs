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
        Assert.Equal("codeimprove", pull["params"]!["items"]![0]!["section"]!.GetValue<string>());
        await AnswerAsync(server, pull, new JsonArray(new JsonObject { ["model"] = new JsonObject { ["path"] = "/models/a.gguf" } }));
        var first = await server.RequestAsync("codeImprove/serverStatus");
        Assert.Equal("/models/a.gguf", first.Result()["modelState"]!.GetValue<string>());

        await server.NotifyAsync("workspace/didChangeConfiguration", new JsonObject { ["settings"] = null });
        var again = await server.WaitForAsync(ConfigurationRequest);
        await AnswerAsync(server, again, new JsonArray(new JsonObject { ["model"] = new JsonObject { ["endpoint"] = "http://127.0.0.1:9/v1" } }));
        var second = await server.RequestAsync("codeImprove/serverStatus");
        Assert.Equal("http://127.0.0.1:9/v1", second.Result()["modelState"]!.GetValue<string>());
    }

    [Fact]
    public async Task Pushed_settings_apply_when_the_client_cannot_be_asked()
    {
        await using var server = ServerProcess.Start();
        await server.InitializeAsync();
        await server.NotifyAsync("workspace/didChangeConfiguration", new JsonObject
        {
            ["settings"] = new JsonObject { ["codeimprove"] = new JsonObject { ["model"] = new JsonObject { ["path"] = "/m.gguf" } } },
        });
        var status = await server.RequestAsync("codeImprove/serverStatus");
        Assert.Equal("/m.gguf", status.Result()["modelState"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_request_queued_behind_a_mutation_can_be_cancelled_and_later_ones_still_run()
    {
        await using var server = ServerProcess.Start();
        await server.InitializeAsync((JsonObject)PullCapabilities.DeepClone());
        // 'initialized' is a mutation that waits for the client's configuration answer: readers queue behind it.
        var pull = await server.WaitForAsync(ConfigurationRequest);

        var queuedId = server.NewId();
        await server.SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = queuedId, ["method"] = "codeImprove/serverStatus" });
        await server.NotifyAsync("$/cancelRequest", new JsonObject { ["id"] = queuedId });
        var cancelled = await server.WaitForAsync(m => m["id"]?.GetValue<int>() == queuedId);
        Assert.Equal(-32800, cancelled.ErrorCode());

        await AnswerAsync(server, pull, new JsonArray(new JsonObject()));
        var status = await server.RequestAsync("codeImprove/serverStatus");
        Assert.NotNull(status.Result()["version"]);
    }
}
