using CodeImprove.Engine.Strategies;
using CodeImprove.LanguageServer.Conversions;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary><c>codeImprove/stats</c>: acceptance and latency over time, per strategy, and the strategy policy's beliefs.</summary>
internal sealed class StatsHandler(WorkspaceMemory memory) : RequestHandler<NoParams, StatsResult>
{
    public override string Method => LspMethods.Stats;

    public override bool RequiresParams => false;

    public override async Task<StatsResult> HandleAsync(NoParams? request, CancellationToken cancellationToken)
    {
        var store = await memory.OpenForRequestAsync();
        var statistics = await store.GetStatisticsAsync(TimeSpan.FromDays(1), cancellationToken: cancellationToken);
        var beliefs = await StrategyPolicy.GeneralBeliefsAsync(store, cancellationToken);
        return statistics.ToLsp(beliefs, store.Health);
    }
}
