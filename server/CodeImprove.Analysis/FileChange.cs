using CodeImprove.Analysis.Loading;

namespace CodeImprove.Analysis;

public enum FileChangeKind
{
    Created = 1,
    Changed = 2,
    Deleted = 3,
}

/// <summary>A change on disk (LSP workspace/didChangeWatchedFiles, same numbering).</summary>
public sealed record FileChange(string Path, FileChangeKind Kind);

/// <summary>What applying disk changes did; Reload is set when a project or solution file changed and everything was reloaded.</summary>
public sealed record FileChangeResult(int DocumentsUpdated, WorkspaceLoadResult? Reload);
