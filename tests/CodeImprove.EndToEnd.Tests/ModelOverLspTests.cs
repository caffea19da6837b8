using System.Text.Json.Nodes;
using CodeImprove.Tests;

namespace CodeImprove.EndToEnd.Tests;

/// <summary>
/// The real tiny model (stories260K, a story generator that knows no C#) loaded by the server from the workspace's
/// settings: it runs in process on the CPU, and its output, never valid code, is never proposed.
/// </summary>
public sealed class ModelOverLspTests
{
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(180);

    /// <summary>The sample project with the tiny model in its workspace settings.</summary>
    private static SampleProject TinyModelProject(int maxTokens, int maxCycles, int maxReflect)
    {
        var settings = new JsonObject
        {
            ["model"] = new JsonObject { ["path"] = TestPaths.RequireShared("models/stories260K.gguf"), ["maxTokens"] = maxTokens, ["threads"] = 1 },
            ["loop"] = new JsonObject { ["maxCycles"] = maxCycles, ["maxReflect"] = maxReflect },
        };
        return SampleProject.Create(workspaceConfig: settings.ToJsonString());
    }

    private static async Task<ServerProcess> StartWithModelAsync(SampleProject project, JsonObject? capabilities = null)
    {
        var server = ServerProcess.Start();
        await server.InitializeAsync(capabilities, project.RootUri);
        var loaded = await server.NotificationAsync("codeImprove/statusChanged", p => p["modelState"]!.GetValue<string>() is "cpu" or "failed", TimeSpan.FromSeconds(60));
        Assert.Equal(("cpu", "stories260K.gguf"), (loaded["params"]!["modelState"]!.GetValue<string>(), loaded["params"]!["modelName"]!.GetValue<string>()));
        return server;
    }

    private static async Task<int> SendImproveAsync(ServerProcess server, SampleProject project)
    {
        var id = server.NewId();
        await server.SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = "workspace/executeCommand", ["params"] = project.ImproveParams() });
        return id;
    }

    [Fact]
    public async Task A_configured_gguf_model_loads_on_the_cpu_its_garbage_is_never_proposed_and_the_code_fixes_stand_in()
    {
        using var project = TinyModelProject(maxTokens: 48, maxCycles: 2, maxReflect: 1);
        await using var server = await StartWithModelAsync(project);

        var result = (await server.ResponseAsync(await SendImproveAsync(server, project), Slow)).Result();

        // Never worse than no model: the story model's replies are not code, the code fixes' candidate is proposed.
        Assert.Equal("code-fixes", result["proposal"]!["strategy"]!.GetValue<string>());
        Assert.True(result["tokensPerSecond"]!.GetValue<double>() > 0, result.ToJsonString());
        var status = (await server.RequestAsync("codeImprove/serverStatus")).Result();
        Assert.True(status["lastTokensPerSecond"]!.GetValue<double>() > 0);
        Assert.Equal(0, status["busy"]!.GetValue<int>());
        var pending = (await server.RequestAsync("codeImprove/episodes", new JsonObject { ["decision"] = "pending" })).Result();
        Assert.Equal("stories260K.gguf", pending["items"]![0]!["modelId"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_cancel_button_of_the_server_created_progress_stops_a_running_loop()
    {
        using var project = TinyModelProject(maxTokens: 256, maxCycles: 3, maxReflect: 2);
        await using var server = await StartWithModelAsync(project, new JsonObject { ["window"] = new JsonObject { ["workDoneProgress"] = true } });
        await server.AnswerAsync("window/workDoneProgress/create", null); // the workspace load's

        var id = await SendImproveAsync(server, project);
        var create = await server.AnswerAsync("window/workDoneProgress/create", null, Slow);
        var token = create["params"]!["token"]!.ToJsonString();
        bool Mine(JsonNode p) => p["token"]!.ToJsonString() == token;
        var begin = await server.NotificationAsync("$/progress", p => Mine(p) && p["value"]!["kind"]!.GetValue<string>() == "begin");
        Assert.True(begin["params"]!["value"]!["cancellable"]!.GetValue<bool>());
        // Cancelled once the loop is running, so the run has an episode to record as cancelled.
        await server.NotificationAsync("$/progress", p => Mine(p) && p["value"]!["message"]?.GetValue<string>().StartsWith("cycle 1", StringComparison.Ordinal) == true, Slow);
        await server.NotifyAsync("window/workDoneProgress/cancel", new JsonObject { ["token"] = JsonNode.Parse(token) });

        Assert.Equal(-32800, (await server.ResponseAsync(id, Slow)).ErrorCode());
        var cancelled = (await server.RequestAsync("codeImprove/episodes", new JsonObject { ["decision"] = "cancelled" })).Result();
        Assert.Equal(1, cancelled["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_second_improvement_of_the_same_document_is_refused_while_the_first_runs()
    {
        using var project = TinyModelProject(maxTokens: 256, maxCycles: 3, maxReflect: 2);
        await using var server = await StartWithModelAsync(project);

        var first = await SendImproveAsync(server, project);
        var second = await SendImproveAsync(server, project);

        var responses = new[] { await server.ResponseAsync(first, Slow), await server.ResponseAsync(second, Slow) };
        Assert.True(responses.Count(r => r["error"] is not null) == 1, string.Join(" | ", responses.Select(r => r.ToJsonString())));
        var refused = responses.Single(r => r["error"] is not null);
        Assert.Equal(-32803, refused.ErrorCode());
        Assert.Contains("already running", refused["error"]!["message"]!.GetValue<string>());
    }
}
