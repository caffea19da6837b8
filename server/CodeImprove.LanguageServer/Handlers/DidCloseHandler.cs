using CodeImprove.LanguageServer.Documents;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.Protocol;
using Serilog;

namespace CodeImprove.LanguageServer.Handlers;

internal sealed class DidCloseHandler(DocumentStore documents, ILogger log) : NotificationHandler<DidCloseTextDocumentParams>
{
    public override string Method => LspMethods.DidClose;

    public override Task HandleAsync(DidCloseTextDocumentParams? notification, CancellationToken cancellationToken)
    {
        if (!documents.Close(notification!.TextDocument.Uri))
        {
            log.Warning("didClose for {Uri}, which is not open", notification.TextDocument.Uri);
        }
        return Task.CompletedTask;
    }
}
