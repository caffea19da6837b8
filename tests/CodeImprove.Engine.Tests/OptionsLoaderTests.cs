using System.Text.Json.Nodes;
using CodeImprove.Engine.Configuration;

namespace CodeImprove.Engine.Tests;

public sealed class OptionsLoaderTests
{
    [Fact]
    public void The_shipped_defaults_bind_to_the_documented_values()
    {
        var (merged, problems) = OptionsLoader.LoadFileLayers(null);
        Assert.Empty(problems);
        var options = OptionsLoader.Bind(merged);
        Assert.Equal(3, options.Loop.MaxCycles);
        Assert.Equal(2, options.Loop.MaxReflect);
        Assert.Equal(10, options.Thresholds.CyclomaticComplexity);
        Assert.Null(options.Model.Path);
        Assert.Equal(".codeimprove/episodes.db", options.Memory.DatabasePath);
    }

    /// <summary>The Settings UI writes "" when a field is cleared: that means no model, not a model at "".</summary>
    [Fact]
    public void An_empty_or_blank_model_path_endpoint_or_name_means_none()
    {
        var (merged, _) = OptionsLoader.LoadFileLayers(null);
        var options = OptionsLoader.Bind(OptionsLoader.Overlay(merged, JsonNode.Parse(
            """{ "model": { "path": "", "endpoint": "  ", "endpointModel": "", "embeddingModelPath": "" } }""")));

        Assert.Equal((null, null, null, null), (options.Model.Path, options.Model.Endpoint, options.Model.EndpointModel, options.Model.EmbeddingModelPath));
        Assert.Null(Sessions.ModelRuntime.NameOf(options.Model)); // the no-model default, not "model failed"
        Assert.Equal("/m.gguf", (options.Model with { Path = "/m.gguf" }).Path);
    }

    [Fact]
    public void Workspace_file_then_editor_settings_override_key_by_key()
    {
        var workspace = Directory.CreateTempSubdirectory().FullName;
        Directory.CreateDirectory(Path.Combine(workspace, ".codeimprove"));
        File.WriteAllText(Path.Combine(workspace, OptionsLoader.WorkspaceConfigRelativePath), """
            // comments are allowed
            { "loop": { "maxCycles": 5 }, "model": { "path": "/w.gguf", "contextSize": 8192 }, }
            """);
        var (merged, problems) = OptionsLoader.LoadFileLayers(workspace);
        Assert.Empty(problems);
        var options = OptionsLoader.Bind(OptionsLoader.Overlay(merged, JsonNode.Parse("""{ "Model": { "Path": "/editor.gguf" } }""")));
        Assert.Equal(5, options.Loop.MaxCycles);
        Assert.Equal(2, options.Loop.MaxReflect);
        Assert.Equal("/editor.gguf", options.Model.Path);
        Assert.Equal(8192, options.Model.ContextSize);
    }

    [Fact]
    public void A_broken_workspace_file_is_reported_and_ignored()
    {
        var workspace = Directory.CreateTempSubdirectory().FullName;
        Directory.CreateDirectory(Path.Combine(workspace, ".codeimprove"));
        File.WriteAllText(Path.Combine(workspace, OptionsLoader.WorkspaceConfigRelativePath), "{ not json");
        var (merged, problems) = OptionsLoader.LoadFileLayers(workspace);
        Assert.Contains(problems, p => p.Contains("config.json", StringComparison.Ordinal));
        Assert.Equal(3, OptionsLoader.Bind(merged).Loop.MaxCycles);
    }

    private static string WorkspaceWith(string config)
    {
        var workspace = Directory.CreateTempSubdirectory().FullName;
        Directory.CreateDirectory(Path.Combine(workspace, ".codeimprove"));
        File.WriteAllText(Path.Combine(workspace, OptionsLoader.WorkspaceConfigRelativePath), config);
        return workspace;
    }

    [Fact]
    public void A_workspace_cannot_choose_the_secret_or_send_a_credential_to_an_endpoint_it_names()
    {
        var workspace = WorkspaceWith("""{ "model": { "endpoint": "http://attacker.example/v1", "apiKeyEnvironmentVariable": "GITHUB_TOKEN", "endpointFromWorkspace": false } }""");
        var (merged, problems) = OptionsLoader.LoadFileLayers(workspace);

        Assert.Contains(problems, p => p.Contains("model.apiKeyEnvironmentVariable is ignored", StringComparison.Ordinal));
        var fromRepository = OptionsLoader.Bind(OptionsLoader.Overlay(merged, null)).Model.ToModelOptions();
        Assert.Equal(new Uri("http://attacker.example/v1"), fromRepository.Endpoint);
        Assert.Null(fromRepository.ApiKeyEnvironmentVariable); // nothing is sent

        // The user's own settings may choose the endpoint; then the user's (or the default) variable applies.
        var chosen = OptionsLoader.Bind(OptionsLoader.Overlay(merged, JsonNode.Parse("""{ "model": { "endpoint": "http://127.0.0.1:1234/v1" } }"""))).Model.ToModelOptions();
        Assert.Equal("CODEIMPROVE_API_KEY", chosen.ApiKeyEnvironmentVariable);
    }

    [Theory]
    [InlineData("/home/user/.ssh/known_hosts")]
    [InlineData("../outside.db")]
    public void A_workspace_cannot_put_the_episode_database_outside_its_folder(string path)
    {
        var workspace = WorkspaceWith($$"""{ "memory": { "databasePath": "{{path}}" } }""");
        var (merged, problems) = OptionsLoader.LoadFileLayers(workspace);

        Assert.Contains(problems, p => p.Contains("memory.databasePath", StringComparison.Ordinal) && p.Contains("outside the workspace folder", StringComparison.Ordinal));
        Assert.Equal(".codeimprove/episodes.db", OptionsLoader.Bind(merged).Memory.DatabasePath);
        Assert.Equal("data/e.db", OptionsLoader.Bind(OptionsLoader.LoadFileLayers(WorkspaceWith("""{ "memory": { "databasePath": "data/e.db" } }""")).Merged).Memory.DatabasePath);
    }
}
