using System.Text.Json.Nodes;

namespace CodeImprove.EndToEnd.Tests;

/// <summary>
/// Workspace trust over the real server: a folder the editor says is untrusted (<c>initializationOptions.workspaceTrusted</c>
/// false) has its project's MSBuild targets left unrun and its own <c>.codeimprove/config.json</c> unread, yet its open C#
/// file is still analyzed; the trusted run of the same folder shows that both would otherwise happen.
/// </summary>
public sealed class WorkspaceTrustTests
{
    private static readonly TimeSpan Load = TimeSpan.FromSeconds(120);

    /// <summary>The sample plus an unused local (CS0168), which the compiler reports with or without the project.</summary>
    private static readonly string WithWarning = SampleProject.Code.Replace("int count = 0;", "int count = 0;\n        int unused;");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_untrusted_folder_runs_no_target_and_reads_no_workspace_config_but_is_still_analyzed(bool trusted)
    {
        // The workspace's threshold (2) makes CountLarge (complexity 3) a CI0001 finding: visible only if the file is read.
        using var project = SampleProject.Create(WithWarning, """{ "thresholds": { "cyclomaticComplexity": 2 } }""");
        var marker = Path.Combine(project.Root, "target-ran.txt");
        var csproj = Path.Combine(project.Root, "Sample.csproj");
        File.WriteAllText(csproj, File.ReadAllText(csproj).Replace("</Project>", """
              <Target Name="RepositoryCode" AfterTargets="ResolveAssemblyReferences">
                <WriteLinesToFile File="$(MSBuildProjectDirectory)/target-ran.txt" Lines="ran" Overwrite="true" />
              </Target>
            </Project>
            """));
        await using var server = ServerProcess.Start();
        await server.RequestAsync("initialize", new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["rootUri"] = project.RootUri,
            ["capabilities"] = new JsonObject(),
            ["initializationOptions"] = new JsonObject { ["workspaceTrusted"] = trusted },
        });
        await server.NotifyAsync("initialized", new JsonObject());
        await server.NotificationAsync("codeImprove/statusChanged", p => p["workspaceState"]!.GetValue<string>() == "ready", Load);

        await server.NotifyAsync("textDocument/didOpen", project.OpenParams(WithWarning));
        var published = await server.WaitForAsync(m => m["method"]?.GetValue<string>() == "textDocument/publishDiagnostics"
            && m["params"]!["uri"]!.GetValue<string>() == project.SampleUri, Load);
        var codes = published["params"]!["diagnostics"]!.AsArray().Select(d => d!["code"]!.GetValue<string>()).ToList();

        Assert.Contains("CS0168", codes);
        Assert.Equal(trusted, codes.Contains("CI0001"));
        Assert.Equal(trusted, File.Exists(marker));
    }
}
