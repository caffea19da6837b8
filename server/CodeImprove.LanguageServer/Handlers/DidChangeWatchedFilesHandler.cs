using CodeImprove.Analysis;
using CodeImprove.LanguageServer.Documents;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary><c>workspace/didChangeWatchedFiles</c>: files changed on disk (a checkout, a generator, another editor).</summary>
internal sealed class DidChangeWatchedFilesHandler(Workspaces analysis) : NotificationHandler<DidChangeWatchedFilesParams>
{
    public override string Method => LspMethods.DidChangeWatchedFiles;

    public override Task HandleAsync(DidChangeWatchedFilesParams? notification, CancellationToken cancellationToken)
    {
        var changes = notification!.Changes
            .Where(c => c.Uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            .Select(c => new FileChange(DocumentUris.ToPath(c.Uri), (FileChangeKind)c.Type))
            .ToList();
        analysis.QueueFileChanges(changes);
        return Task.CompletedTask;
    }
}
