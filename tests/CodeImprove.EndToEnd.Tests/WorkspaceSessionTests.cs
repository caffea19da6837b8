using System.Text.Json.Nodes;

namespace CodeImprove.EndToEnd.Tests;

/// <summary>
/// One session per workspace folder, opened from the options the same way by the server and the CLI: a custom
/// <c>memory.databasePath</c> is the database both read, and in a two-folder workspace each folder has its own
/// diagnostics, improvements, accepts and history.
/// </summary>
public sealed class WorkspaceSessionTests
{
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(120);

    private static async Task<JsonNode> ImproveAsync(ServerProcess server, SampleProject project)
    {
        var result = (await server.RequestAsync("workspace/executeCommand", project.ImproveParams(), timeout: Slow)).Result();
        Assert.True(result["proposal"] is JsonObject, result.ToJsonString());
        return result["proposal"]!;
    }

    [Fact]
    public async Task The_server_and_codeimprove_episodes_read_the_same_custom_database()
    {
        using var project = SampleProject.Create(workspaceConfig: """{ "memory": { "databasePath": "data/my-episodes.db" } }""");
        await using (var server = ServerProcess.Start())
        {
            await server.InitializeAsync(rootUri: project.RootUri);
            var proposal = await ImproveAsync(server, project);
            await server.RequestAsync("codeImprove/reject", new JsonObject { ["proposal"] = proposal["id"]!.GetValue<string>(), ["reason"] = "checking the database" });
        }
        Assert.True(File.Exists(Path.Combine(project.Root, "data", "my-episodes.db")));
        Assert.False(File.Exists(Path.Combine(project.Root, ".codeimprove", "episodes.db")));

        var (exitCode, output, error) = await ServerProcess.RunCliAsync("episodes", "--workspace", project.Root, "--json");

        Assert.True(exitCode == 0, error);
        var item = Assert.Single(JsonNode.Parse(output)!["items"]!.AsArray())!;
        Assert.Equal("rejected", item["decision"]!.GetValue<string>());
    }

    [Fact]
    public async Task Each_folder_of_a_two_folder_workspace_has_its_own_diagnostics_improvements_accepts_and_history()
    {
        using var first = SampleProject.Create();
        using var second = SampleProject.Create(SampleProject.Code.Replace("namespace Sample;", "namespace Second;", StringComparison.Ordinal) + "public class Broken { int M() => missing; }\n");
        await using var server = ServerProcess.Start();
        await server.InitializeAsync(rootUri: first.RootUri, folders: [first.RootUri, second.RootUri]);

        // The second folder's open document is diagnosed by its own workspace (CS0103 only exists there).
        await server.NotifyAsync("textDocument/didOpen", second.OpenParams(File.ReadAllText(second.SamplePath)));
        var published = await server.NotificationAsync("textDocument/publishDiagnostics",
            p => p["uri"]!.GetValue<string>() == second.SampleUri && p["diagnostics"]!.AsArray().Any(d => d!["code"]?.ToString() == "CS0103"), Slow);
        Assert.NotNull(published);

        // A closed file of the first folder on disk, an open one of the second through the editor.
        var onDisk = await ImproveAsync(server, first);
        var accepted = (await server.RequestAsync("codeImprove/accept", new JsonObject { ["proposal"] = onDisk["id"]!.GetValue<string>() })).Result();
        Assert.Contains("count++;", File.ReadAllText(first.SamplePath));

        var inEditor = await ImproveAsync(server, second);
        var acceptId = server.NewId();
        await server.SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = acceptId, ["method"] = "codeImprove/accept", ["params"] = new JsonObject { ["proposal"] = inEditor["id"]!.GetValue<string>() } });
        var applyEdit = await server.AnswerAsync("workspace/applyEdit", new JsonObject { ["applied"] = true });
        Assert.NotNull(applyEdit["params"]!["edit"]!["changes"]![second.SampleUri]);
        var secondAccept = (await server.ResponseAsync(acceptId)).Result();

        var firstHistory = (await server.RequestAsync("codeImprove/history", new JsonObject { ["folder"] = first.RootUri })).Result();
        var secondHistory = (await server.RequestAsync("codeImprove/history", new JsonObject { ["folder"] = second.RootUri })).Result();
        Assert.Equal(accepted["rollbackPoint"]!.GetValue<string>(), Assert.Single(firstHistory["points"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal(secondAccept["rollbackPoint"]!.GetValue<string>(), Assert.Single(secondHistory["points"]!.AsArray())!["id"]!.GetValue<string>());
        var firstEpisodes = (await server.RequestAsync("codeImprove/episodes", new JsonObject { ["folder"] = first.RootUri })).Result();
        var secondEpisodes = (await server.RequestAsync("codeImprove/episodes", new JsonObject { ["folder"] = second.RootUri })).Result();
        Assert.Equal("accepted", Assert.Single(firstEpisodes["items"]!.AsArray())!["decision"]!.GetValue<string>());
        Assert.Equal("accepted", Assert.Single(secondEpisodes["items"]!.AsArray())!["decision"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(second.Root, ".codeimprove", "episodes.db")));
    }
}
