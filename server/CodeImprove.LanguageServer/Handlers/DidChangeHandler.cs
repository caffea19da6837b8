using CodeImprove.LanguageServer.Documents;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

internal sealed class DidChangeHandler(DocumentStore documents) : NotificationHandler<DidChangeTextDocumentParams>
{
    public override string Method => LspMethods.DidChange;

    public override Task HandleAsync(DidChangeTextDocumentParams? notification, CancellationToken cancellationToken)
    {
        documents.Change(notification!.TextDocument, notification.ContentChanges);
        return Task.CompletedTask;
    }
}
