using CodeImprove.LanguageServer.Documents;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

internal sealed class DidOpenHandler(DocumentStore documents) : NotificationHandler<DidOpenTextDocumentParams>
{
    public override string Method => LspMethods.DidOpen;

    public override Task HandleAsync(DidOpenTextDocumentParams? notification, CancellationToken cancellationToken)
    {
        documents.Open(notification!.TextDocument);
        return Task.CompletedTask;
    }
}
