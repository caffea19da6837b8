using LibGit2Sharp;

namespace CodeImprove.History;

/// <summary>
/// The git repository that holds a workspace's rollback points: the workspace's own repository when it is in one
/// (its refs live in the common dir, so linked worktrees share the object store but get their own timeline),
/// otherwise a private bare repository under &lt;workspace&gt;/.codeimprove/history.git.
/// </summary>
internal sealed class HistoryRepository : IDisposable
{
    private const string PrivateRepositoryPath = StateFolder.Name + "/history.git";

    private HistoryRepository(Repository repository, string root, string refPrefix)
    {
        Repository = repository;
        Root = root;
        RefPrefix = refPrefix;
    }

    public Repository Repository { get; }

    /// <summary>The folder that point paths are relative to (the working tree root).</summary>
    public string Root { get; }

    /// <summary>refs/codeimprove for the main worktree or a private repository, refs/codeimprove/worktrees/&lt;name&gt; for a linked worktree.</summary>
    public string RefPrefix { get; }

    public string TimelineRef => RefPrefix + "/timeline";

    public string PendingPrefix => RefPrefix + "/pending/";

    /// <summary>Per-worktree git dir: holds the lock that serializes this timeline's writers across processes.</summary>
    public string LockPath => Path.Combine(Repository.Info.Path, "codeimprove-history.lock");

    public static HistoryRepository Open(string workspaceFolder)
    {
        var folder = Path.GetFullPath(workspaceFolder);
        if (!Directory.Exists(folder))
        {
            throw new HistoryException($"workspace folder not found: {folder}");
        }

        return GitWorkTree.Open(folder, out var root) is { } repository
            ? new HistoryRepository(repository, root!, RefPrefixFor(repository))
            : new HistoryRepository(OpenPrivate(folder), folder, "refs/codeimprove");
    }

    /// <summary>A linked worktree's git dir has a 'commondir' file; its name is the git dir's folder name.</summary>
    private static string RefPrefixFor(Repository repository)
    {
        var gitDir = Path.TrimEndingDirectorySeparator(repository.Info.Path);
        return File.Exists(Path.Combine(gitDir, "commondir"))
            ? "refs/codeimprove/worktrees/" + Path.GetFileName(gitDir)
            : "refs/codeimprove";
    }

    private static Repository OpenPrivate(string folder)
    {
        var path = Path.Combine(folder, PrivateRepositoryPath);
        StateFolder.Ensure(Path.GetDirectoryName(path)!);
        if (!Directory.Exists(path))
        {
            Repository.Init(path, isBare: true);
        }
        return new Repository(path);
    }

    /// <summary>Maps an absolute or workspace-relative path to a '/'-separated path under <see cref="Root"/>; rejects anything outside it or inside git's own state.</summary>
    public string ToRelative(string path, string workspaceFolder)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Contains('\n') || path.Contains('\r'))
        {
            throw new HistoryException($"invalid file path: '{path}'");
        }
        var full = Path.GetFullPath(path, workspaceFolder);
        var relative = Path.GetRelativePath(Root, full);
        relative = relative.Replace('\\', '/');
        var segments = relative.Split('/');
        if (relative == "." || segments[0] == ".." || Path.IsPathRooted(relative))
        {
            throw new HistoryException($"file is outside the workspace repository {Root}: {full}");
        }
        if (relative == StateFolder.Name + "/" + AuditLog.FileName)
        {
            throw new HistoryException($"refusing to record CodeImprove's own audit trail: {relative}");
        }
        if (segments.Contains(".git") || relative.StartsWith(PrivateRepositoryPath + "/", StringComparison.Ordinal))
        {
            throw new HistoryException($"refusing to record git's own files: {relative}");
        }
        // A linked folder inside the workspace can point anywhere: never write (or restore) through one.
        var folder = Root;
        foreach (var segment in segments[..^1])
        {
            folder = Path.Combine(folder, segment);
            if (new DirectoryInfo(folder) is { Exists: true, LinkTarget: { } target })
            {
                throw new HistoryException($"{relative} lies under {Path.GetRelativePath(Root, folder)}, a symbolic link to {target}; CodeImprove does not write through linked folders");
            }
        }
        return relative;
    }

    public string ToFull(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public void Dispose() => Repository.Dispose();
}
