using System.Text.Json.Nodes;
using CodeImprove.Tests;

namespace CodeImprove.EndToEnd.Tests;

/// <summary>
/// The real tiny model (stories260K, a story generator that knows no C#) loaded by the server from the workspace's
/// settings: it runs in process on the CPU, and its output, never valid code, is never proposed.
/// </summary>
public sealed class ModelOverLspTests
{
    [Fact]
    public async Task A_configured_gguf_model_loads_on_the_cpu_and_its_garbage_is_never_proposed()
    {
        var model = TestPaths.RequireShared("models/stories260K.gguf");
        var settings = new JsonObject
        {
            ["model"] = new JsonObject { ["path"] = model, ["maxTokens"] = 48, ["threads"] = 1 },
            ["loop"] = new JsonObject { ["maxCycles"] = 2, ["maxReflect"] = 1 },
        };
        using var project = SampleProject.Create(workspaceConfig: settings.ToJsonString());
        await using var server = ServerProcess.Start();
        await server.InitializeAsync(rootUri: project.RootUri);
        var loaded = await server.NotificationAsync("codeImprove/statusChanged", p => p["modelState"]!.GetValue<string>() is "cpu" or "failed", TimeSpan.FromSeconds(60));
        Assert.Equal(("cpu", "stories260K.gguf"), (loaded["params"]!["modelState"]!.GetValue<string>(), loaded["params"]!["modelName"]!.GetValue<string>()));

        var result = (await server.RequestAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = "codeImprove.improve",
            ["arguments"] = new JsonArray(new JsonObject
            {
                ["uri"] = project.SampleUri,
                ["range"] = SampleProject.Range(SampleProject.IncrementLine, 16, SampleProject.IncrementLine, 16),
            }),
        }, timeout: TimeSpan.FromSeconds(180))).Result();

        Assert.Null(result["proposal"]);
        Assert.NotEmpty(result["reasons"]!.AsArray());
        Assert.True(result["tokensPerSecond"]!.GetValue<double>() > 0, result.ToJsonString());
        var status = (await server.RequestAsync("codeImprove/serverStatus")).Result();
        Assert.True(status["lastTokensPerSecond"]!.GetValue<double>() > 0);
        Assert.Equal(0, status["busy"]!.GetValue<int>());
        var failed = (await server.RequestAsync("codeImprove/episodes", new JsonObject { ["decision"] = "failed" })).Result();
        Assert.Equal("stories260K.gguf", failed["items"]![0]!["modelId"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_cancel_button_of_the_server_created_progress_stops_a_running_loop()
    {
        var model = TestPaths.RequireShared("models/stories260K.gguf");
        var settings = new JsonObject
        {
            ["model"] = new JsonObject { ["path"] = model, ["maxTokens"] = 256, ["threads"] = 1 },
            ["loop"] = new JsonObject { ["maxCycles"] = 3, ["maxReflect"] = 2 },
        };
        using var project = SampleProject.Create(workspaceConfig: settings.ToJsonString());
        await using var server = ServerProcess.Start();
        await server.InitializeAsync(new JsonObject { ["window"] = new JsonObject { ["workDoneProgress"] = true } }, project.RootUri);
        await server.AnswerAsync("window/workDoneProgress/create", null); // the workspace load
        await server.NotificationAsync("codeImprove/statusChanged", p => p["modelState"]!.GetValue<string>() == "cpu", TimeSpan.FromSeconds(60));

        var id = server.NewId();
        await server.SendAsync(new JsonObject
        {
            ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = "workspace/executeCommand",
            ["params"] = new JsonObject
            {
                ["command"] = "codeImprove.improve",
                ["arguments"] = new JsonArray(new JsonObject { ["uri"] = project.SampleUri, ["range"] = SampleProject.Range(SampleProject.IncrementLine, 16, SampleProject.IncrementLine, 16) }),
            },
        });
        var create = await server.AnswerAsync("window/workDoneProgress/create", null, TimeSpan.FromSeconds(120));
        var token = create["params"]!["token"]!.DeepClone();
        var begin = await server.NotificationAsync("$/progress", p => p["token"]!.ToJsonString() == token.ToJsonString() && p["value"]!["kind"]!.GetValue<string>() == "begin");
        Assert.True(begin["params"]!["value"]!["cancellable"]!.GetValue<bool>());
        // Cancelled once the loop is generating, so the run has an episode to record as cancelled.
        await server.NotificationAsync("$/progress", p => p["token"]!.ToJsonString() == token.ToJsonString()
            && p["value"]!["message"]?.GetValue<string>().StartsWith("cycle 1", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(120));
        await server.NotifyAsync("window/workDoneProgress/cancel", new JsonObject { ["token"] = token });

        var response = await server.ResponseAsync(id, TimeSpan.FromSeconds(120));
        Assert.Equal(-32800, response.ErrorCode());
        var cancelled = (await server.RequestAsync("codeImprove/episodes", new JsonObject { ["decision"] = "cancelled" })).Result();
        Assert.Equal(1, cancelled["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_second_improvement_of_the_same_document_is_refused_while_the_first_runs()
    {
        var model = TestPaths.RequireShared("models/stories260K.gguf");
        var settings = new JsonObject
        {
            ["model"] = new JsonObject { ["path"] = model, ["maxTokens"] = 256, ["threads"] = 1 },
            ["loop"] = new JsonObject { ["maxCycles"] = 3, ["maxReflect"] = 2 },
        };
        using var project = SampleProject.Create(workspaceConfig: settings.ToJsonString());
        await using var server = ServerProcess.Start();
        await server.InitializeAsync(rootUri: project.RootUri);
        await server.NotificationAsync("codeImprove/statusChanged", p => p["modelState"]!.GetValue<string>() == "cpu", TimeSpan.FromSeconds(60));

        var improve = new JsonObject
        {
            ["command"] = "codeImprove.improve",
            ["arguments"] = new JsonArray(new JsonObject { ["uri"] = project.SampleUri, ["range"] = SampleProject.Range(SampleProject.IncrementLine, 16, SampleProject.IncrementLine, 16) }),
        };
        var first = server.NewId();
        var second = server.NewId();
        await server.SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = first, ["method"] = "workspace/executeCommand", ["params"] = improve.DeepClone() });
        await server.SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = second, ["method"] = "workspace/executeCommand", ["params"] = improve.DeepClone() });

        var responses = new[] { await server.ResponseAsync(first, TimeSpan.FromSeconds(180)), await server.ResponseAsync(second, TimeSpan.FromSeconds(180)) };
        Assert.True(responses.Count(r => r["error"] is not null) == 1, string.Join(" | ", responses.Select(r => r.ToJsonString())));
        var refused = responses.Single(r => r["error"] is not null);
        Assert.Equal(-32803, refused.ErrorCode());
        Assert.Contains("already running", refused["error"]!["message"]!.GetValue<string>());
        Assert.Single(responses, r => r["result"] is not null);
    }
}
