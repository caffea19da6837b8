using CodeImprove.History;

namespace CodeImprove.Engine.Configuration;

/// <summary>
/// The one rule for where a workspace's state lives (<c>.codeimprove/</c>: configuration, episode database; the rollback
/// points live in its git repository): the root of the git work tree that holds the path, so the server, `improve`,
/// `episodes` and `history` agree wherever they are started. Outside git: a folder itself, or for a file the nearest
/// folder above it with a solution or project, else the file's folder.
/// </summary>
public static class WorkspaceRoot
{
    public static string Of(string path)
    {
        var full = FolderPaths.Normalize(path);
        var start = Directory.Exists(full) ? full : Path.GetDirectoryName(full) ?? full;
        if (GitWorkTree.RootOf(start) is { } root)
        {
            return root;
        }
        if (Directory.Exists(full))
        {
            return full;
        }
        for (var dir = start; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (Directory.EnumerateFiles(dir, "*.sln*").Any() || Directory.EnumerateFiles(dir, "*.csproj").Any())
            {
                return dir;
            }
        }
        return start;
    }
}
