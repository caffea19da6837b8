using CodeImprove.Engine.Configuration;

namespace CodeImprove.Engine.Sessions;

/// <summary>
/// The sessions of a multi-root workspace, one per folder (one folder-less session when none is open), and the routing
/// of documents to them by path: a document belongs to the innermost folder that holds it, a file outside every folder
/// to the first session.
/// </summary>
public sealed class WorkspaceSessions : IAsyncDisposable
{
    public WorkspaceSessions(IReadOnlyList<string> folders, CodeImproveOptions options, SessionContext context)
    {
        All = folders.Count == 0
            ? [new WorkspaceSession(null, options, context)]
            : [.. folders.Select(folder => new WorkspaceSession(folder, options, context))];
    }

    public IReadOnlyList<WorkspaceSession> All { get; }

    /// <summary>The session of the document at <paramref name="path"/>.</summary>
    public WorkspaceSession For(string path) =>
        All.Where(s => s.Contains(path)).MaxBy(s => s.Folder!.Length) ?? All[0];

    /// <summary>The session of a folder (by its path), or the first one when <paramref name="folder"/> is null.</summary>
    public WorkspaceSession ForFolder(string? folder)
    {
        if (folder is null)
        {
            return All[0];
        }
        var full = FolderPaths.Normalize(folder);
        return All.FirstOrDefault(s => string.Equals(s.Folder, full, FolderPaths.Comparison))
            ?? throw new InvalidArgumentException($"'{folder}' is not a folder of this workspace; it has {string.Join(", ", All.Select(s => s.Folder ?? "(no folder)"))}");
    }

    public void Reconfigure(CodeImproveOptions options)
    {
        foreach (var session in All)
        {
            session.Reconfigure(options);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var session in All)
        {
            await session.DisposeAsync();
        }
    }
}
