using CodeImprove.Analysis.Loading;

namespace CodeImprove.Analysis.Tests;

/// <summary>Which project files a workspace folder yields (file system only, no MSBuild).</summary>
public sealed class ProjectDiscoveryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("codeimprove-discovery-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Touch(string relative, string content = "<Project />")
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    [Fact]
    public async Task ASolutionAtTheRootDecidesTheProjects()
    {
        Touch("a/A.csproj");
        Touch("b/B.csproj");
        Touch("All.slnx", "<Solution><Project Path=\"a/A.csproj\" /></Solution>");
        var warnings = new List<LoadWarning>();
        var projects = await ProjectDiscovery.FindProjectsAsync([_root], warnings, TestContext.Current.CancellationToken);
        Assert.Equal([Path.Combine(_root, "a", "A.csproj")], projects);
        Assert.Empty(warnings);
    }

    [Fact]
    public async Task WithoutASolutionEveryProjectOutsideBuildFoldersIsFound()
    {
        Touch("src/A/A.csproj");
        Touch("tests/B/B.csproj");
        Touch("src/A/obj/Stale.csproj");
        Touch("node_modules/x/X.csproj");
        var projects = await ProjectDiscovery.FindProjectsAsync([_root], [], TestContext.Current.CancellationToken);
        Assert.Equal([Path.Combine(_root, "src", "A", "A.csproj"), Path.Combine(_root, "tests", "B", "B.csproj")], projects);
    }

    [Fact]
    public async Task AnUnreadableSolutionOrMissingFolderIsAWarning()
    {
        Touch("Broken.slnx", "<Solution><Project");
        var warnings = new List<LoadWarning>();
        var projects = await ProjectDiscovery.FindProjectsAsync([_root, Path.Combine(_root, "absent")], warnings, TestContext.Current.CancellationToken);
        Assert.Empty(projects);
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.ProjectPath == Path.Combine(_root, "Broken.slnx"));
        Assert.Contains(warnings, w => w.Message.Contains("not found", StringComparison.Ordinal));
    }
}
