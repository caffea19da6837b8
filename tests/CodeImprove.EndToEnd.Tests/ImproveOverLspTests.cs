using System.Text;
using System.Text.Json.Nodes;

namespace CodeImprove.EndToEnd.Tests;

/// <summary>
/// "Improve this" over the real server with the no-model default (Roslyn code fixes): progress, proposal, accept through
/// the editor or on disk with a rollback point, stale proposals, rejection, cancellation, and the episode history.
/// </summary>
public sealed class ImproveOverLspTests : IDisposable
{
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(120);
    private readonly SampleProject project = SampleProject.Create();

    public void Dispose() => project.Dispose();

    private async Task<ServerProcess> StartAsync(JsonObject? capabilities = null)
    {
        var server = ServerProcess.Start();
        await server.InitializeAsync(capabilities, project.RootUri);
        return server;
    }

    private async Task<JsonNode> ImproveAsync(ServerProcess server, string? workDoneToken = null)
    {
        var result = (await server.RequestAsync("workspace/executeCommand", project.ImproveParams(workDoneToken), timeout: Slow)).Result();
        Assert.True(result["proposal"] is JsonObject, "expected a proposal, got " + result.ToJsonString());
        Assert.True(result["notes"] is JsonArray, "the run's notes come with a proposal too: " + result.ToJsonString());
        return result["proposal"]!;
    }

    [Fact]
    public async Task An_open_document_is_improved_with_progress_and_accepted_through_the_editor_with_a_rollback_point()
    {
        var headBefore = project.Git("rev-parse", "HEAD");
        await using var server = await StartAsync();
        await server.NotifyAsync("textDocument/didOpen", project.OpenParams(SampleProject.Code));

        var proposal = await ImproveAsync(server, "improve-1");
        var reports = new List<string>();
        while (true)
        {
            var progress = await server.NotificationAsync("$/progress", p => p["token"]!.GetValue<string>() == "improve-1");
            var value = progress["params"]!["value"]!;
            if (value["kind"]!.GetValue<string>() == "end")
            {
                break;
            }
            reports.Add(value["message"]?.GetValue<string>() ?? value["title"]!.GetValue<string>());
        }
        Assert.Contains(reports, r => r.StartsWith("cycle 1: analyzing", StringComparison.Ordinal));
        var hunk = Assert.Single(proposal["hunks"]!.AsArray())!;
        Assert.Contains("count++;", hunk["newText"]!.GetValue<string>());
        Assert.Equal(1, proposal["version"]!.GetValue<int>());
        Assert.True(proposal["score"]!["total"]!.GetValue<double>() > 0);

        var acceptId = server.NewId();
        await server.SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = acceptId, ["method"] = "codeImprove/accept", ["params"] = new JsonObject { ["proposal"] = proposal["id"]!.GetValue<string>() } });
        var applyEdit = await server.AnswerAsync("workspace/applyEdit", new JsonObject { ["applied"] = true });
        var edited = SampleProject.ApplyEdits(SampleProject.Code, applyEdit["params"]!["edit"]!["changes"]![project.SampleUri]!.AsArray());
        Assert.Equal(SampleProject.Code.Replace("count = count + 1;", "count++;"), edited);
        await server.NotifyAsync("textDocument/didChange", project.ChangeParams(edited, 2));
        var accepted = (await server.ResponseAsync(acceptId)).Result();
        Assert.True(accepted["applied"]!.GetValue<bool>());
        var point = accepted["rollbackPoint"]!.GetValue<string>();

        // The editor owns the buffer: the file on disk, HEAD, index and branches are untouched.
        Assert.Equal(SampleProject.Code.ReplaceLineEndings("\n"), File.ReadAllText(project.SamplePath));
        Assert.Equal(headBefore, project.Git("rev-parse", "HEAD"));
        Assert.Equal("", project.Git("status", "--porcelain"));

        var history = (await server.RequestAsync("codeImprove/history", new JsonObject())).Result();
        Assert.Equal(point, Assert.Single(history["points"]!.AsArray())!["id"]!.GetValue<string>());

        var episodes = (await server.RequestAsync("codeImprove/episodes", new JsonObject { ["decision"] = "accepted" })).Result();
        var listed = Assert.Single(episodes["items"]!.AsArray())!;
        Assert.Equal("Sample.cs", listed["file"]!.GetValue<string>());
        var detail = (await server.RequestAsync("codeImprove/episode", new JsonObject { ["id"] = listed["id"]!.GetValue<long>() })).Result();
        Assert.Contains("count++;", detail["finalCode"]!.GetValue<string>());
        Assert.Contains("+", detail["diff"]!.GetValue<string>());
        Assert.Equal(point, detail["rollbackPointId"]!.GetValue<string>());

        var stats = (await server.RequestAsync("codeImprove/stats")).Result();
        Assert.Equal(1, stats["overall"]!["accepted"]!.GetValue<int>());
        Assert.Equal(1.0, stats["acceptanceRate"]!.GetValue<double>());
        Assert.NotEmpty(stats["beliefs"]!.AsArray());
        Assert.Equal("readWrite", stats["storage"]!["mode"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_closed_file_is_accepted_on_disk_and_rolled_back_to_its_exact_bytes()
    {
        var before = File.ReadAllBytes(project.SamplePath);
        await using var server = await StartAsync();
        var proposal = await ImproveAsync(server);

        var accepted = (await server.RequestAsync("codeImprove/accept", new JsonObject { ["proposal"] = proposal["id"]!.GetValue<string>() })).Result();
        Assert.Contains("count++;", File.ReadAllText(project.SamplePath));
        var episode = proposal["episodeId"]!.GetValue<long>();
        Assert.Equal(episode, accepted["episodeId"]!.GetValue<long>());

        await server.RequestAsync("codeImprove/rollback", new JsonObject { ["target"] = accepted["rollbackPoint"]!.GetValue<string>() });
        Assert.Equal(before, File.ReadAllBytes(project.SamplePath));
        var second = await ImproveAsync(server);
        (await server.RequestAsync("codeImprove/reject", new JsonObject { ["proposal"] = second["id"]!.GetValue<string>(), ["reason"] = "not now" })).Result();

        // Every step left its line, and the trail agrees with the rollback store.
        var (exitCode, output, error) = await ServerProcess.RunCliAsync("audit", "--workspace", project.Root, "--verify", "--json");
        Assert.True(exitCode == 0, $"audit --verify exited {exitCode}: {output} {error}");
        var audit = JsonNode.Parse(output)!;
        var entries = audit["entries"]!.AsArray();
        Assert.Equal(["model", "apply", "completed", "accept", "rollback", "completed", "reject"], entries.Select(e => e!["event"]!.GetValue<string>()));
        Assert.All(entries, e => Assert.Equal("editor", e!["origin"]!.GetValue<string>()));
        Assert.Equal("none (Roslyn code fixes)", entries[0]!["model"]!.GetValue<string>());
        var acceptLine = entries[3]!;
        Assert.Equal(accepted["rollbackPoint"]!.GetValue<string>(), acceptLine["point"]!.GetValue<string>());
        Assert.Equal(episode.ToString(System.Globalization.CultureInfo.InvariantCulture), acceptLine["episode"]!.GetValue<string>());
        Assert.Contains("count++;", Assert.Single(acceptLine["hunks"]!.AsArray())!["newText"]!.GetValue<string>());
        Assert.Equal("not now", entries[6]!["detail"]!.GetValue<string>());
        Assert.Empty(audit["problems"]!.AsArray());

        // The decisions on the code fixes' hunks are learned per rule, shown in stats, and forgotten on request.
        var learned = (await server.RequestAsync("codeImprove/stats")).Result()["learnedPreferences"]!.AsArray();
        Assert.Contains(learned, p => p!["accepted"]!.GetValue<int>() == 1);
        Assert.Contains(learned, p => p!["rejected"]!.GetValue<int>() == 1);
        var reset = (await server.RequestAsync("codeImprove/resetPreferences", new JsonObject())).Result();
        Assert.Equal(learned.Count, reset["forgotten"]!.GetValue<int>());
        Assert.Empty((await server.RequestAsync("codeImprove/stats")).Result()["learnedPreferences"]!.AsArray());
    }

    [Fact]
    public async Task A_proposal_whose_lines_were_edited_is_refused_and_a_rejection_is_recorded()
    {
        await using var server = await StartAsync();
        await server.NotifyAsync("textDocument/didOpen", project.OpenParams(SampleProject.Code));
        var proposal = await ImproveAsync(server);
        await server.NotifyAsync("textDocument/didChange", project.ChangeParams(SampleProject.Code.Replace("count = count + 1;", "count = count + 2;"), 2));

        var stale = await server.RequestAsync("codeImprove/accept", new JsonObject { ["proposal"] = proposal["id"]!.GetValue<string>() });
        Assert.Equal(-32801, stale.ErrorCode());
        Assert.Contains("changed", stale["error"]!["message"]!.GetValue<string>());

        (await server.RequestAsync("codeImprove/reject", new JsonObject { ["proposal"] = proposal["id"]!.GetValue<string>(), ["reason"] = "not now" })).Result();
        var rejected = (await server.RequestAsync("codeImprove/episodes", new JsonObject { ["decision"] = "rejected" })).Result();
        Assert.Equal(1, rejected["total"]!.GetValue<int>());
        var again = await server.RequestAsync("codeImprove/accept", new JsonObject { ["proposal"] = proposal["id"]!.GetValue<string>() });
        Assert.Equal(-32803, again.ErrorCode());
        Assert.Equal(Encoding.UTF8.GetBytes(SampleProject.Code.ReplaceLineEndings("\n")), File.ReadAllBytes(project.SamplePath));
    }

    [Fact]
    public async Task A_proposal_is_rebased_over_an_edit_elsewhere_in_the_document()
    {
        await using var server = await StartAsync();
        await server.NotifyAsync("textDocument/didOpen", project.OpenParams(SampleProject.Code));
        var proposal = await ImproveAsync(server);
        var typed = "// typed while the proposal was open\n" + SampleProject.Code;
        await server.NotifyAsync("textDocument/didChange", project.ChangeParams(typed, 2));

        var acceptId = server.NewId();
        await server.SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = acceptId, ["method"] = "codeImprove/accept", ["params"] = new JsonObject { ["proposal"] = proposal["id"]!.GetValue<string>() } });
        var applyEdit = await server.AnswerAsync("workspace/applyEdit", new JsonObject { ["applied"] = true });
        var edits = applyEdit["params"]!["edit"]!["changes"]![project.SampleUri]!.AsArray();
        Assert.Equal(SampleProject.IncrementLine + 1, edits[0]!["range"]!["start"]!["line"]!.GetValue<int>());
        Assert.Equal(typed.Replace("count = count + 1;", "count++;"), SampleProject.ApplyEdits(typed, edits));
        Assert.True((await server.ResponseAsync(acceptId)).Result()["applied"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Cancelling_an_improvement_answers_cancelled_changes_nothing_and_the_server_serves_on()
    {
        await using var server = await StartAsync();
        await server.NotifyAsync("textDocument/didOpen", project.OpenParams(SampleProject.Code));
        var id = server.NewId();
        await server.SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = "workspace/executeCommand", ["params"] = project.ImproveParams() });
        await server.NotifyAsync("$/cancelRequest", new JsonObject { ["id"] = id });

        var cancelled = await server.ResponseAsync(id, Slow);
        Assert.Equal(-32800, cancelled.ErrorCode());
        var pending = (await server.RequestAsync("codeImprove/episodes", new JsonObject { ["decision"] = "pending" })).Result();
        Assert.Equal(0, pending["total"]!.GetValue<int>());

        var proposal = await ImproveAsync(server);
        Assert.NotNull(proposal["id"]);
    }

    [Fact]
    public async Task Bad_improve_arguments_get_clear_errors()
    {
        await using var server = await StartAsync();
        var unknown = await server.RequestAsync("workspace/executeCommand", new JsonObject { ["command"] = "codeImprove.nope" });
        Assert.Equal(-32602, unknown.ErrorCode());
        var noArgs = await server.RequestAsync("workspace/executeCommand", new JsonObject { ["command"] = "codeImprove.improve" });
        Assert.Equal(-32602, noArgs.ErrorCode());
        var notCSharp = await server.RequestAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = "codeImprove.improve",
            ["arguments"] = new JsonArray(new JsonObject { ["uri"] = new Uri(Path.Combine(project.Root, "notes.txt")).AbsoluteUri, ["range"] = SampleProject.Range(0, 0, 0, 0) }),
        });
        Assert.Equal(-32803, notCSharp.ErrorCode());
        var unknownEpisode = await server.RequestAsync("codeImprove/episode", new JsonObject { ["id"] = 999 });
        Assert.Equal(-32803, unknownEpisode.ErrorCode());
    }
}
