using System.Text.Json.Nodes;

namespace CodeImprove.EndToEnd.Tests;

/// <summary>Faults of the workspace's stores over LSP: the user is told, nothing is lost, the server serves on.</summary>
public sealed class MemoryFaultTests
{
    [Fact]
    public async Task A_corrupt_episode_database_is_moved_aside_with_a_message_and_a_fresh_one_serves()
    {
        var root = Directory.CreateTempSubdirectory("codeimprove-e2e-corrupt-").FullName;
        var database = Path.Combine(root, ".codeimprove", "episodes.db");
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        var garbage = Enumerable.Range(0, 8192).Select(i => (byte)(i * 7)).ToArray();
        File.WriteAllBytes(database, garbage);
        await using var server = ServerProcess.Start();
        await server.InitializeAsync(rootUri: new Uri(root).AbsoluteUri);

        var page = (await server.RequestAsync("codeImprove/episodes", new JsonObject())).Result();
        Assert.Equal(0, page["total"]!.GetValue<int>());
        var warning = await server.NotificationAsync("window/showMessage", p => p["message"]!.GetValue<string>().Contains("moved to"));
        Assert.Equal(2, warning["params"]!["type"]!.GetValue<int>());
        var movedAside = Directory.GetFiles(Path.GetDirectoryName(database)!).Single(f => f != database && File.ReadAllBytes(f).SequenceEqual(garbage));
        Assert.Contains(Path.GetFileName(movedAside), warning["params"]!["message"]!.GetValue<string>());
        var stats = (await server.RequestAsync("codeImprove/stats")).Result();
        Assert.Equal("readWrite", stats["storage"]!["mode"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_a_workspace_folder_history_and_episodes_answer_request_failed()
    {
        await using var server = ServerProcess.Start();
        await server.InitializeAsync();
        Assert.Equal(-32803, (await server.RequestAsync("codeImprove/history", new JsonObject())).ErrorCode());
        Assert.Equal(-32803, (await server.RequestAsync("codeImprove/episodes", new JsonObject())).ErrorCode());
        Assert.NotNull((await server.RequestAsync("codeImprove/serverStatus")).Result()["version"]);
    }
}
