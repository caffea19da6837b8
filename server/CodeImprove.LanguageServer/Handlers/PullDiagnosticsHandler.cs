using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary><c>textDocument/diagnostic</c>: the full report of one document, for clients that pull.</summary>
internal sealed class PullDiagnosticsHandler(DiagnosticsPublisher diagnostics) : RequestHandler<DocumentDiagnosticParams, FullDocumentDiagnosticReport>
{
    public override string Method => LspMethods.PullDiagnostics;

    public override RequestKind Kind => RequestKind.Background;

    public override Task<FullDocumentDiagnosticReport> HandleAsync(DocumentDiagnosticParams? request, RequestContext context, CancellationToken cancellationToken) =>
        diagnostics.PullAsync(request!.TextDocument.Uri, context.Document, cancellationToken);

    public override string? DocumentUri(DocumentDiagnosticParams request) => request.TextDocument.Uri;
}
