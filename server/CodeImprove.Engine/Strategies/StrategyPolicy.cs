using CodeImprove.Memory;

namespace CodeImprove.Engine.Strategies;

/// <summary>The policy's belief about one strategy for some code: Beta(Alpha, Beta) over "the user accepts its proposal".</summary>
public sealed record StrategyBelief(string Strategy, double Alpha, double Beta, bool SuitsCode, int Accepted, int Rejected)
{
    public double Mean => Alpha / (Alpha + Beta);
}

/// <summary>
/// Thompson sampling over accept/reject outcomes stored in episode memory. Each strategy's Beta belief starts at
/// Beta(1, 1), plus one success when the code's features suit it or one failure when they do not. Each accepted
/// (rejected) episode among the most similar past episodes with the same feature key adds two successes (failures): the
/// evidence of this kind of code. The episodes on all code add theirs scaled down to at most four in all, so a strategy
/// that does well on other code is tried here but cannot outvote what this kind of code showed (`bench learning`:
/// without that cap the policy kept choosing the strategy best on average). The policy learns simply by memory recording
/// decisions. Randomness is injected so runs are reproducible.
/// </summary>
public sealed class StrategyPolicy(EpisodeStore? memory, Random random)
{
    private const int SimilarEpisodes = 50;
    private const double GlobalWeight = 4;
    private const double LocalWeight = 2;

    /// <summary>The beliefs for code in general, as memory holds them now (for statistics views; nothing is sampled).</summary>
    public static Task<IReadOnlyList<StrategyBelief>> GeneralBeliefsAsync(EpisodeStore? memory, CancellationToken cancellationToken) =>
        new StrategyPolicy(memory, new Random(0)).GetBeliefsAsync(CodeFeatures.None, null, cancellationToken);

    public async Task<IReadOnlyList<StrategyBelief>> GetBeliefsAsync(CodeFeatures features, string? code, CancellationToken cancellationToken)
    {
        var global = new Dictionary<string, (int Accepted, int Rejected)>(StringComparer.Ordinal);
        var local = new Dictionary<string, (int Accepted, int Rejected)>(StringComparer.Ordinal);
        if (memory is not null)
        {
            var statistics = await memory.GetStatisticsAsync(cancellationToken: cancellationToken);
            foreach (var s in statistics.Strategies)
            {
                global[s.Strategy] = (s.Counts.Accepted, s.Counts.Rejected);
            }
            if (code is not null)
            {
                // Syntax-only keys on both sides: past episodes do not carry their diagnostics.
                var key = CodeFeatures.Of(code).Key;
                var similar = await memory.FindSimilarAsync(new SimilarityQuery { Code = code, K = SimilarEpisodes, Decision = null }, cancellationToken);
                foreach (var episode in similar.Where(e => e.Decision is EpisodeDecision.Accepted or EpisodeDecision.Rejected
                                                            && CodeFeatures.Of(e.OriginalCode).Key == key))
                {
                    var (a, r) = local.GetValueOrDefault(episode.Strategy);
                    local[episode.Strategy] = episode.Decision == EpisodeDecision.Accepted ? (a + 1, r) : (a, r + 1);
                }
            }
        }
        return StrategyCatalog.All.Select(s =>
        {
            var suits = s.Suits(features);
            var (ga, gr) = global.GetValueOrDefault(s.Name);
            var (la, lr) = local.GetValueOrDefault(s.Name);
            // Outcomes on other kinds of code say little about this one: together they weigh at most GlobalWeight episodes.
            var scale = ga + gr > GlobalWeight ? GlobalWeight / (ga + gr) : 1.0;
            return new StrategyBelief(s.Name, 1 + (suits ? 1 : 0) + scale * ga + LocalWeight * la, 1 + (suits ? 0 : 1) + scale * gr + LocalWeight * lr, suits, ga, gr);
        }).ToList();
    }

    /// <summary>Samples each belief once and takes the highest draw among the strategies not excluded.</summary>
    public async Task<Strategy> ChooseAsync(CodeFeatures features, string code, IReadOnlySet<string> exclude, CancellationToken cancellationToken)
    {
        var beliefs = await GetBeliefsAsync(features, code, cancellationToken);
        var open = beliefs.Where(b => !exclude.Contains(b.Strategy)).ToList();
        if (open.Count == 0)
        {
            open = [.. beliefs]; // every strategy was tried: start over rather than stop
        }
        var best = open.Select(b => (Belief: b, Draw: BetaSampler.Sample(random, b.Alpha, b.Beta))).MaxBy(x => x.Draw).Belief;
        return StrategyCatalog.Get(best.Strategy);
    }
}
