using System.Text.Json;
using CodeImprove.History;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary><c>codeImprove/history</c>: the workspace's rollback points, newest first, and interrupted applies.</summary>
internal sealed class HistoryHandler(WorkspaceHistory history) : RequestHandler<HistoryParams, HistoryResult>
{
    public override string Method => LspMethods.History;

    public override bool RequiresParams => false;

    public override async Task<HistoryResult> HandleAsync(HistoryParams? request, CancellationToken cancellationToken)
    {
        try
        {
            var store = await history.GetStoreAsync();
            var points = await store.ListAsync(cancellationToken);
            var incomplete = await store.FindIncompleteAsync(cancellationToken);
            return new HistoryResult(
                [.. points.Take(request?.Limit ?? int.MaxValue).Select(ToProtocol)],
                [.. incomplete.Select(i => ToProtocol(i.Point))]);
        }
        catch (HistoryException e)
        {
            throw RpcErrors.RequestFailed(e.Message);
        }
    }

    internal static HistoryPoint ToProtocol(RollbackPoint point) => new(
        point.Id, point.EpisodeId, point.Time, point.Files,
        JsonNamingPolicy.CamelCase.ConvertName(point.State.ToString()), point.Reverts);
}
