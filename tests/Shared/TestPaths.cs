namespace CodeImprove.Tests;

/// <summary>Where the repository and the workplace's shared test data are, seen from a test assembly.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>../shared beside the checkout; absent in a fresh clone elsewhere.</summary>
    public static string SharedDir => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string SharedModelsDir => Path.Combine(SharedDir, "models");

    /// <summary>Returns the path of a file under ../shared, or skips the test with the reason when it is missing.</summary>
    public static string RequireShared(string relativePath)
    {
        var path = Path.Combine(SharedDir, relativePath);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            Assert.Skip($"needs {relativePath} from ../shared beside the checkout, which is absent here ({path})");
        }
        return path;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CodeImproveLsp.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("CodeImproveLsp.sln not found above " + AppContext.BaseDirectory);
    }
}
