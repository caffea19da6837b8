using CodeImprove.Engine.Sessions;
using CodeImprove.LanguageServer.Documents;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary><c>codeImprove/history</c>: a folder's rollback points, newest first, and interrupted applies.</summary>
internal sealed class HistoryHandler(Workspaces workspaces) : RequestHandler<HistoryParams, HistoryResult>
{
    public override string Method => LspMethods.History;

    public override RequestKind Kind => RequestKind.Immediate;

    public override bool RequiresParams => false;

    public override async Task<HistoryResult> HandleAsync(HistoryParams? request, RequestContext context, CancellationToken cancellationToken)
    {
        var session = workspaces.Sessions.ForFolder(request?.Folder is { } folder ? DocumentUris.ToPath(folder) : null);
        var (points, incomplete) = await session.ListHistoryAsync(cancellationToken);
        return new HistoryResult([.. points.Take(request?.Limit ?? int.MaxValue).Select(ToProtocol)], [.. incomplete.Select(ToProtocol)]);
    }

    private static HistoryPoint ToProtocol(HistoryEntry point) => new(point.Id, point.EpisodeId, point.Time, point.Files, point.State, point.Reverts);
}
