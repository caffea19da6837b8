using CodeImprove.Engine.Strategies;
using CodeImprove.LanguageServer.Conversions;
using CodeImprove.LanguageServer.Documents;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary><c>codeImprove/stats</c>: acceptance and latency over time, per strategy, the strategy policy's beliefs and the learned code-fix preferences.</summary>
internal sealed class StatsHandler(Workspaces workspaces) : RequestHandler<StatsParams, StatsResult>
{
    public override string Method => LspMethods.Stats;

    public override RequestKind Kind => RequestKind.Immediate;

    public override bool RequiresParams => false;

    public override async Task<StatsResult> HandleAsync(StatsParams? request, RequestContext context, CancellationToken cancellationToken)
    {
        var session = workspaces.Sessions.ForFolder(request?.Folder is { } folder ? DocumentUris.ToPath(folder) : null);
        return (await session.GetStatisticsAsync(cancellationToken)).ToLsp();
    }
}
