using CodeImprove.LanguageServer.Documents;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.Protocol;
using Serilog;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary>The buffer already holds the saved text (didChange came first); a save only matters for unknown documents.</summary>
internal sealed class DidSaveHandler(DocumentStore documents, ILogger log) : NotificationHandler<DidSaveTextDocumentParams>
{
    public override string Method => LspMethods.DidSave;

    public override Task HandleAsync(DidSaveTextDocumentParams? notification, CancellationToken cancellationToken)
    {
        if (documents.Get(notification!.TextDocument.Uri) is null)
        {
            log.Warning("didSave for {Uri}, which is not open", notification.TextDocument.Uri);
        }
        return Task.CompletedTask;
    }
}
