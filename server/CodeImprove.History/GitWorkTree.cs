using LibGit2Sharp;

namespace CodeImprove.History;

/// <summary>
/// The one rule for which git work tree holds a folder (git's own discovery: parents, worktrees, submodules); bare
/// repositories hold no work tree. The rollback history, `review` and the workspace root all ask it.
/// </summary>
public static class GitWorkTree
{
    /// <summary>The root of the work tree that holds <paramref name="folder"/>, or null outside git (or when git cannot read it).</summary>
    public static string? RootOf(string folder)
    {
        try
        {
            using var repository = Open(folder, out var root);
            return root;
        }
        catch (LibGit2SharpException)
        {
            return null; // whoever needs the repository itself reports the fault
        }
    }

    /// <summary>The repository whose work tree holds the folder, with that tree's root; null outside a work tree.</summary>
    internal static Repository? Open(string folder, out string? root)
    {
        root = null;
        if (Repository.Discover(folder) is not { } gitDir)
        {
            return null;
        }
        var repository = new Repository(gitDir);
        if (repository.Info.IsBare)
        {
            repository.Dispose();
            return null;
        }
        root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(repository.Info.WorkingDirectory));
        return repository;
    }
}
