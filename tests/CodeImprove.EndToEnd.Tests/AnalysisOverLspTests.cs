using System.Text.Json.Nodes;

namespace CodeImprove.EndToEnd.Tests;

/// <summary>The Roslyn workspace behind the LSP: load with progress, pushed and pulled diagnostics, code actions, disk changes.</summary>
public sealed class AnalysisOverLspTests : IDisposable
{
    private static readonly TimeSpan Load = TimeSpan.FromSeconds(120);

    /// <summary>Sample code plus an unused local (CS0168, line 6), which the compiler warns about.</summary>
    private static readonly string WithWarning = SampleProject.Code.Replace("int count = 0;", "int count = 0;\n        int unused;");

    private readonly SampleProject project = SampleProject.Create(WithWarning, """{ "thresholds": { "cyclomaticComplexity": 2 } }""");

    public void Dispose() => project.Dispose();

    private static bool IsPublishFor(JsonObject message, string uri, Func<int, bool>? version = null) =>
        message["method"]?.GetValue<string>() == "textDocument/publishDiagnostics"
        && message["params"]!["uri"]!.GetValue<string>() == uri
        && (version is null || (message["params"]!["version"] is JsonValue v && version(v.GetValue<int>())));

    [Fact]
    public async Task The_load_reports_progress_and_open_documents_get_compiler_analyzer_and_metric_diagnostics()
    {
        await using var server = ServerProcess.Start();
        await server.InitializeAsync(new JsonObject { ["window"] = new JsonObject { ["workDoneProgress"] = true } }, project.RootUri);
        var create = await server.AnswerAsync("window/workDoneProgress/create", null);
        var token = create["params"]!["token"]!.GetValue<string>();
        var begin = await server.NotificationAsync("$/progress", p => p["token"]!.GetValue<string>() == token && p["value"]!["kind"]!.GetValue<string>() == "begin");
        Assert.Contains("loading", begin["params"]!["value"]!["title"]!.GetValue<string>());
        var end = await server.NotificationAsync("$/progress", p => p["token"]!.GetValue<string>() == token && p["value"]!["kind"]!.GetValue<string>() == "end", Load);
        Assert.Contains("1 project(s) loaded", end["params"]!["value"]!["message"]!.GetValue<string>());
        await server.NotificationAsync("codeImprove/statusChanged", p => p["workspaceState"]!.GetValue<string>() == "ready");

        await server.NotifyAsync("textDocument/didOpen", project.OpenParams(WithWarning));
        var published = await server.WaitForAsync(m => IsPublishFor(m, project.SampleUri, v => v == 1), Load);
        var diagnostics = published["params"]!["diagnostics"]!.AsArray().Select(d => d!).ToList();

        var unused = Assert.Single(diagnostics, d => d["code"]!.GetValue<string>() == "CS0168");
        Assert.Equal(2, unused["severity"]!.GetValue<int>());
        Assert.Equal(7, unused["range"]!["start"]!["line"]!.GetValue<int>());
        Assert.Equal("unused", WithWarning.Split('\n')[7].Substring(unused["range"]!["start"]!["character"]!.GetValue<int>(), 6));

        var analyzer = Assert.Single(diagnostics, d => d["code"]!.GetValue<string>() == "RCS1089");
        Assert.StartsWith("http", analyzer["codeDescription"]!["href"]!.GetValue<string>());

        // The workspace's threshold (2) makes CountLarge (complexity 3) a finding on its name.
        var complexity = Assert.Single(diagnostics, d => d["code"]!.GetValue<string>() == "CI0001");
        Assert.Equal("codeimprove", complexity["source"]!.GetValue<string>());
        Assert.True(complexity["severity"]!.GetValue<int>() >= 3);
        Assert.Equal(4, complexity["range"]!["start"]!["line"]!.GetValue<int>());
    }

    [Fact]
    public async Task Edits_are_debounced_and_only_the_latest_version_is_published()
    {
        await using var server = ServerProcess.Start();
        await server.InitializeAsync(rootUri: project.RootUri);
        await server.NotifyAsync("textDocument/didOpen", project.OpenParams(WithWarning));
        await server.WaitForAsync(m => IsPublishFor(m, project.SampleUri, v => v == 1), Load);

        for (var version = 2; version <= 5; version++)
        {
            await server.NotifyAsync("textDocument/didChange", project.ChangeParams(WithWarning + new string('\n', version), version));
        }
        await server.NotifyAsync("textDocument/didChange", project.ChangeParams(SampleProject.Code, 6));

        var latest = await server.WaitForAsync(m => IsPublishFor(m, project.SampleUri, v => v == 6), Load);
        Assert.DoesNotContain(latest["params"]!["diagnostics"]!.AsArray(), d => d!["code"]!.GetValue<string>() == "CS0168");
        await Assert.ThrowsAsync<TimeoutException>(() => server.WaitForAsync(m => IsPublishFor(m, project.SampleUri, v => v is > 1 and < 6), TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task A_client_that_pulls_gets_full_reports_and_nothing_pushed()
    {
        await using var server = ServerProcess.Start();
        var init = await server.InitializeAsync(new JsonObject { ["textDocument"] = new JsonObject { ["diagnostic"] = new JsonObject() } }, project.RootUri);
        Assert.Equal("codeimprove", init.Result()["capabilities"]!["diagnosticProvider"]!["identifier"]!.GetValue<string>());
        await server.NotifyAsync("textDocument/didOpen", project.OpenParams(WithWarning));

        var report = (await server.RequestAsync("textDocument/diagnostic", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = project.SampleUri } }, timeout: Load)).Result();
        Assert.Equal("full", report["kind"]!.GetValue<string>());
        Assert.Contains(report["items"]!.AsArray(), d => d!["code"]!.GetValue<string>() == "CS0168");
        await Assert.ThrowsAsync<TimeoutException>(() => server.WaitForAsync(m => IsPublishFor(m, project.SampleUri), TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Code_actions_offer_improve_and_quick_fixes_whose_edit_is_computed_on_resolve()
    {
        await using var server = ServerProcess.Start();
        await server.InitializeAsync(rootUri: project.RootUri);
        await server.NotifyAsync("textDocument/didOpen", project.OpenParams(WithWarning));
        await server.WaitForAsync(m => IsPublishFor(m, project.SampleUri, v => v == 1), Load);

        var line = SampleProject.IncrementLine + 1;
        var actions = (await server.RequestAsync("textDocument/codeAction", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = project.SampleUri },
            ["range"] = SampleProject.Range(line, 16, line, 16),
            ["context"] = new JsonObject { ["diagnostics"] = new JsonArray() },
        })).Result().AsArray().Select(a => a!).ToList();

        var improve = Assert.Single(actions, a => a["title"]!.GetValue<string>() == "Improve this method");
        Assert.Equal("refactor.rewrite", improve["kind"]!.GetValue<string>());
        Assert.Equal("codeImprove.improve", improve["command"]!["command"]!.GetValue<string>());
        Assert.Equal(project.SampleUri, improve["command"]!["arguments"]![0]!["uri"]!.GetValue<string>());

        var fix = actions.First(a => a["kind"]?.GetValue<string>() == "quickfix" && a["title"]!.GetValue<string>().Contains("++"));
        Assert.Null(fix["edit"]);
        var resolved = (await server.RequestAsync("codeAction/resolve", fix.DeepClone())).Result();
        var edits = resolved["edit"]!["changes"]![project.SampleUri]!.AsArray();
        Assert.Contains("count++;", SampleProject.ApplyEdits(WithWarning, edits));

        var selection = (await server.RequestAsync("textDocument/codeAction", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = project.SampleUri },
            ["range"] = SampleProject.Range(8, 0, 16, 0),
            ["context"] = new JsonObject { ["diagnostics"] = new JsonArray(), ["only"] = new JsonArray("refactor") },
        })).Result().AsArray();
        Assert.Equal(["Improve this method", "Improve selection"], selection.Select(a => a!["title"]!.GetValue<string>()));
        Assert.Equal(8, selection[1]!["command"]!["arguments"]![0]!["range"]!["start"]!["line"]!.GetValue<int>());
    }

    /// <summary>Beside the C# extension (the client resolves diagnostics.scope to "own"): only CodeImprove's findings and "improve this".</summary>
    [Fact]
    public async Task With_diagnostics_scope_own_only_the_findings_and_improve_are_served()
    {
        await using var server = ServerProcess.Start();
        await server.RequestAsync("initialize", new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["rootUri"] = project.RootUri,
            ["capabilities"] = new JsonObject { ["workspace"] = new JsonObject { ["configuration"] = true } },
        });
        await server.NotifyAsync("initialized", new JsonObject());
        await server.AnswerAsync("workspace/configuration", new JsonArray(new JsonObject { ["diagnostics"] = new JsonObject { ["scope"] = "own" } }));
        await server.NotifyAsync("textDocument/didOpen", project.OpenParams(WithWarning));

        var published = await server.WaitForAsync(m => IsPublishFor(m, project.SampleUri, v => v == 1), Load);
        var line = SampleProject.IncrementLine + 1;
        var actions = (await server.RequestAsync("textDocument/codeAction", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = project.SampleUri },
            ["range"] = SampleProject.Range(line, 16, line, 16),
            ["context"] = new JsonObject { ["diagnostics"] = new JsonArray() },
        })).Result().AsArray().Select(a => a!).ToList();

        Assert.Equal(["CI0001"], published["params"]!["diagnostics"]!.AsArray().Select(d => d!["code"]!.GetValue<string>()));
        Assert.Equal(["Improve this method"], actions.Select(a => a["title"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_project_that_cannot_load_is_reported_and_the_others_are_served()
    {
        Directory.CreateDirectory(Path.Combine(project.Root, "Broken"));
        File.WriteAllText(Path.Combine(project.Root, "Broken", "Broken.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup>");
        await using var server = ServerProcess.Start();
        await server.InitializeAsync(rootUri: project.RootUri);

        var warning = await server.NotificationAsync("window/showMessage", p => p["message"]!.GetValue<string>().Contains("Broken.csproj"), Load);
        Assert.Equal(2, warning["params"]!["type"]!.GetValue<int>());
        await server.NotifyAsync("textDocument/didOpen", project.OpenParams(WithWarning));
        var published = await server.WaitForAsync(m => IsPublishFor(m, project.SampleUri, v => v == 1), Load);
        Assert.Contains(published["params"]!["diagnostics"]!.AsArray(), d => d!["code"]!.GetValue<string>() == "CS0168");
    }

    [Fact]
    public async Task A_file_deleted_on_disk_is_noticed_through_watched_file_events()
    {
        var helper = Path.Combine(project.Root, "Helper.cs");
        File.WriteAllText(helper, "namespace Sample;\n\npublic static class Helper\n{\n    public const int Limit = 100;\n}\n");
        var usesHelper = SampleProject.Code.Replace("> 100", "> Helper.Limit");
        await using var server = ServerProcess.Start();
        await server.InitializeAsync(rootUri: project.RootUri);
        await server.NotifyAsync("textDocument/didOpen", project.OpenParams(usesHelper));
        var before = await server.WaitForAsync(m => IsPublishFor(m, project.SampleUri, v => v == 1), Load);
        Assert.DoesNotContain(before["params"]!["diagnostics"]!.AsArray(), d => d!["code"]!.GetValue<string>() == "CS0103");

        File.Delete(helper);
        await server.NotifyAsync("workspace/didChangeWatchedFiles", new JsonObject
        {
            ["changes"] = new JsonArray(new JsonObject { ["uri"] = new Uri(helper).AbsoluteUri, ["type"] = 3 }),
        });
        var after = await server.WaitForAsync(m => IsPublishFor(m, project.SampleUri)
            && m["params"]!["diagnostics"]!.AsArray().Any(d => d!["code"]!.GetValue<string>() == "CS0103"), Load);
        Assert.Contains("Helper", after["params"]!["diagnostics"]!.AsArray().First(d => d!["code"]!.GetValue<string>() == "CS0103")!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_binary_document_is_not_analyzed_and_says_why_until_it_becomes_text()
    {
        await using var server = ServerProcess.Start();
        await server.InitializeAsync(rootUri: project.RootUri);
        await server.NotifyAsync("textDocument/didOpen", project.OpenParams("MZ\0\0\u0003binary" + WithWarning));

        var warning = await server.NotificationAsync("window/showMessage", p => p["message"]!.GetValue<string>().Contains("binary"), Load);
        Assert.Equal(2, warning["params"]!["type"]!.GetValue<int>());
        var improve = await server.RequestAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = "codeImprove.improve",
            ["arguments"] = new JsonArray(new JsonObject { ["uri"] = project.SampleUri, ["range"] = SampleProject.Range(4, 0, 4, 0) }),
        }, timeout: Load);
        Assert.Equal(-32803, improve.ErrorCode());
        Assert.Contains("binary", improve["error"]!["message"]!.GetValue<string>());

        await server.NotifyAsync("textDocument/didChange", project.ChangeParams(WithWarning, 2));
        var published = await server.WaitForAsync(m => IsPublishFor(m, project.SampleUri, v => v == 2), Load);
        Assert.Contains(published["params"]!["diagnostics"]!.AsArray(), d => d!["code"]!.GetValue<string>() == "CS0168");
    }
}
