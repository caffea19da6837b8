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
}
