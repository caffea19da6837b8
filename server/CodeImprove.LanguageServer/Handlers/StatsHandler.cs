using CodeImprove.Engine.Strategies;
using CodeImprove.LanguageServer.Conversions;
using CodeImprove.LanguageServer.Documents;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary><c>codeImprove/stats</c>: acceptance and latency over time, per strategy, and the strategy policy's beliefs.</summary>
internal sealed class StatsHandler(Workspaces workspaces) : RequestHandler<StatsParams, StatsResult>
{
    public override string Method => LspMethods.Stats;

    public override RequestKind Kind => RequestKind.Immediate;

    public override bool RequiresParams => false;

    public override async Task<StatsResult> HandleAsync(StatsParams? request, RequestContext context, CancellationToken cancellationToken)
    {
        var session = workspaces.Sessions.ForFolder(request?.Folder is { } folder ? DocumentUris.ToPath(folder) : null);
        var (statistics, beliefs, health) = await session.GetStatisticsAsync(cancellationToken);
        return statistics.ToLsp(beliefs, health);
    }
}
