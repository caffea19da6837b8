using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using CodeImprove.History;

namespace CodeImprove.EndToEnd.Tests;

/// <summary>codeImprove/history and codeImprove/rollback against a real git repository.</summary>
public sealed class HistoryTests : IDisposable
{
    private const string Before = "class A\r\n{\r\n    int X() => 1;\r\n}\r\n";
    private const string After = "class A\r\n{\r\n    int X() => 2;\r\n}\r\n";
    private readonly string repo = Directory.CreateTempSubdirectory("codeimprove-e2e-repo-").FullName;

    public HistoryTests()
    {
        Git("init", "-q");
        File.WriteAllText(FilePath, Before);
        Git("add", "A.cs");
        Git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init");
    }

    private string FilePath => Path.Combine(repo, "A.cs");

    private string Uri => new System.Uri(FilePath).AbsoluteUri;

    /// <summary>An accepted edit recorded the way the engine records one (the CLI path: record, write, complete).</summary>
    private async Task<string> ApplyEditAsync()
    {
        using var store = RollbackPointStore.Open(repo);
        var point = await store.ApplyAsync("episode-1", new Dictionary<string, byte[]?> { [FilePath] = Encoding.UTF8.GetBytes(After) });
        Assert.Equal(After, File.ReadAllText(FilePath));
        return point.Id;
    }

    private async Task<ServerProcess> StartAsync()
    {
        var server = ServerProcess.Start();
        await server.InitializeAsync(rootUri: new System.Uri(repo).AbsoluteUri);
        return server;
    }

    [Fact]
    public async Task A_closed_file_is_rolled_back_on_disk_and_the_rollback_is_listed()
    {
        var pointId = await ApplyEditAsync();
        var statusBefore = Git("status", "--porcelain");
        await using var server = await StartAsync();

        var history = (await server.RequestAsync("codeImprove/history", new JsonObject())).Result();
        var point = Assert.Single(history["points"]!.AsArray())!;
        Assert.Equal(pointId, point["id"]!.GetValue<string>());
        Assert.Equal("episode-1", point["episodeId"]!.GetValue<string>());

        var rollback = (await server.RequestAsync("codeImprove/rollback", new JsonObject { ["target"] = "episode-1" })).Result();
        Assert.Equal(["A.cs"], rollback["restoredFiles"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal(Encoding.UTF8.GetBytes(Before), File.ReadAllBytes(FilePath));
        Assert.NotEqual(statusBefore, Git("status", "--porcelain"));
        Assert.Equal("", Git("status", "--porcelain"));

        var after = (await server.RequestAsync("codeImprove/history", new JsonObject())).Result()["points"]!.AsArray();
        Assert.Equal(2, after.Count);
        Assert.Equal(pointId, after[0]!["reverts"]!.GetValue<string>());
        Assert.Equal("rolledBack", after[1]!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_open_file_is_rolled_back_through_the_editor_and_a_refusal_changes_nothing()
    {
        await ApplyEditAsync();
        await using var server = await StartAsync();
        await server.NotifyAsync("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Uri, ["languageId"] = "csharp", ["version"] = 1, ["text"] = After },
        });

        // First the editor refuses: nothing is written and the point stays undone.
        var refusedId = server.NewId();
        await server.SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = refusedId, ["method"] = "codeImprove/rollback", ["params"] = new JsonObject { ["target"] = "episode-1" } });
        var firstEdit = await server.WaitForAsync(m => m["method"]?.GetValue<string>() == "workspace/applyEdit");
        await server.SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = firstEdit["id"]!.DeepClone(), ["result"] = new JsonObject { ["applied"] = false, ["failureReason"] = "user typed" } });
        var refused = await server.WaitForAsync(m => m["id"]?.GetValue<int>() == refusedId && m["method"] is null);
        Assert.Contains("user typed", refused["error"]!["message"]!.GetValue<string>());
        Assert.Equal(After, File.ReadAllText(FilePath));

        // Then it applies: the edit replaces the whole buffer with the before-text, and the disk is left to the editor.
        var acceptedId = server.NewId();
        await server.SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = acceptedId, ["method"] = "codeImprove/rollback", ["params"] = new JsonObject { ["target"] = "episode-1" } });
        var edit = await server.WaitForAsync(m => m["method"]?.GetValue<string>() == "workspace/applyEdit");
        var textEdit = edit["params"]!["edit"]!["changes"]![Uri]![0]!;
        Assert.Equal(Before, textEdit["newText"]!.GetValue<string>());
        Assert.Equal(4, textEdit["range"]!["end"]!["line"]!.GetValue<int>());
        await server.SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = edit["id"]!.DeepClone(), ["result"] = new JsonObject { ["applied"] = true } });
        var done = await server.WaitForAsync(m => m["id"]?.GetValue<int>() == acceptedId && m["method"] is null);
        Assert.NotNull(done.Result()["point"]);
        Assert.Equal(After, File.ReadAllText(FilePath));
    }

    [Fact]
    public async Task Points_beyond_the_configured_maximum_are_pruned_when_the_server_opens_the_history()
    {
        for (var i = 0; i < 3; i++)
        {
            using var store = RollbackPointStore.Open(repo);
            await store.ApplyAsync($"episode-{i}", new Dictionary<string, byte[]?> { [FilePath] = Encoding.UTF8.GetBytes($"// {i}\n") });
        }
        Directory.CreateDirectory(Path.Combine(repo, ".codeimprove"));
        File.WriteAllText(Path.Combine(repo, ".codeimprove", "config.json"), """{ "history": { "maxPoints": 2 } }""");
        await using var server = await StartAsync();

        var points = (await server.RequestAsync("codeImprove/history", new JsonObject())).Result()["points"]!.AsArray();
        Assert.Equal(["episode-2", "episode-1"], points.Select(p => p!["episodeId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_file_changed_after_the_edit_is_refused_in_strict_mode_naming_it()
    {
        await ApplyEditAsync();
        File.WriteAllText(FilePath, After + "// typed later\r\n");
        await using var server = await StartAsync();
        var response = await server.RequestAsync("codeImprove/rollback", new JsonObject { ["target"] = "episode-1" });
        Assert.Equal(-32803, response.ErrorCode());
        Assert.Contains("A.cs", response["error"]!["message"]!.GetValue<string>());
        Assert.Equal(After + "// typed later\r\n", File.ReadAllText(FilePath));

        var merged = (await server.RequestAsync("codeImprove/rollback", new JsonObject { ["target"] = "episode-1", ["mode"] = "merge" })).Result();
        Assert.Equal(["A.cs"], merged["mergedFiles"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal(Before + "// typed later\r\n", File.ReadAllText(FilePath));
    }

    /// <summary>A crash left an apply of two files part way (A.cs written, B.cs not): the editor is asked, and "undo" restores both.</summary>
    [Fact]
    public async Task An_apply_a_crash_left_part_way_is_offered_for_undo_and_undone_over_lsp()
    {
        var second = Path.Combine(repo, "B.cs");
        File.WriteAllText(second, Before);
        string pointId;
        using (var store = RollbackPointStore.Open(repo))
        {
            pointId = await store.BeginApplyAsync("episode-9",
                new Dictionary<string, byte[]?> { [FilePath] = Encoding.UTF8.GetBytes(Before), [second] = Encoding.UTF8.GetBytes(Before) },
                new Dictionary<string, byte[]?> { [FilePath] = Encoding.UTF8.GetBytes(After), [second] = Encoding.UTF8.GetBytes(After) });
            File.WriteAllText(FilePath, After); // the process died here
        }
        await using var server = await StartAsync();

        var history = (await server.RequestAsync("codeImprove/history", new JsonObject())).Result();
        Assert.Equal(pointId, Assert.Single(history["incomplete"]!.AsArray())!["id"]!.GetValue<string>());
        var question = await server.AnswerAsync("window/showMessageRequest", new JsonObject { ["title"] = "Undo the partial apply" });
        Assert.Contains("A.cs (written), B.cs (not written)", question["params"]!["message"]!.GetValue<string>());
        Assert.Equal(["Undo the partial apply", "Keep the files as they are"],
            question["params"]!["actions"]!.AsArray().Select(a => a!["title"]!.GetValue<string>()));

        var done = await server.NotificationAsync("window/showMessage", p => p["message"]!.GetValue<string>().Contains("was undone", StringComparison.Ordinal));
        Assert.Contains("A.cs, B.cs restored", done["params"]!["message"]!.GetValue<string>());
        Assert.Equal(Before, File.ReadAllText(FilePath));
        Assert.Equal(Before, File.ReadAllText(second));
        Assert.Empty((await server.RequestAsync("codeImprove/history", new JsonObject())).Result()["incomplete"]!.AsArray());
    }

    private string Git(params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = repo, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var git = Process.Start(info)!;
        var output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', args)}: {git.StandardError.ReadToEnd()}");
        return output;
    }

    public void Dispose()
    {
        try
        {
            foreach (var file in Directory.EnumerateFiles(repo, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }
            Directory.Delete(repo, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
