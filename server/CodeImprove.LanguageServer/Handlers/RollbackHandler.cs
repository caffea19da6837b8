using CodeImprove.LanguageServer.Documents;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary>
/// <c>codeImprove/rollback</c>: restores the before-bytes of a point. When a restored file is open, the engine sends the
/// whole rollback through the editor (recorded first, completed when the editor says it applied); otherwise it writes disk.
/// </summary>
internal sealed class RollbackHandler(Workspaces workspaces) : RequestHandler<RollbackParams, RollbackResponse>
{
    public override string Method => LspMethods.Rollback;

    public override RequestKind Kind => RequestKind.Mutating;

    public override async Task<RollbackResponse> HandleAsync(RollbackParams? request, RequestContext context, CancellationToken cancellationToken)
    {
        var session = workspaces.Sessions.ForFolder(request!.Folder is { } folder ? DocumentUris.ToPath(folder) : null);
        var done = await session.RollbackAsync(request.Target, request.Mode, cancellationToken);
        return new RollbackResponse(done.PointId, done.Files, done.MergedFiles);
    }
}
