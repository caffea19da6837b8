using System.CommandLine;
using System.Diagnostics;
using System.Text;
using CodeImprove.Memory;
using CodeImprove.Memory.Embeddings;

namespace CodeImprove.Cli.Bench;

/// <summary>
/// `codeimprove bench memory`: fills a fresh episode database with synthetic C# methods and measures insert latency,
/// top-10 similarity queries (latency, and recall against an exact cosine scan), reopen time, list and statistics
/// queries, and database size per 1,000 episodes.
/// </summary>
internal static class MemoryBench
{
    private static readonly string[] Words =
    [
        "order", "customer", "invoice", "price", "total", "tax", "discount", "cache", "file", "path", "stream", "buffer",
        "user", "account", "session", "token", "request", "response", "header", "body", "line", "index", "count", "item",
        "value", "result", "error", "message", "queue", "timer", "node", "tree", "graph", "edge", "matrix", "vector",
        "parse", "format", "compute", "validate", "load", "save", "render", "update", "merge", "split", "filter", "sort",
    ];

    public static Command Create()
    {
        var episodes = new Option<int>("--episodes") { Description = "Episodes to insert.", DefaultValueFactory = _ => 100_000 };
        var queries = new Option<int>("--queries") { Description = "Similarity queries to time.", DefaultValueFactory = _ => 300 };
        var recallQueries = new Option<int>("--recall-queries") { Description = "Queries whose top 10 is compared with an exact cosine scan.", DefaultValueFactory = _ => 50 };
        var command = new Command("memory", "Episode store: insert latency, top-10 similarity over many episodes (latency and quality), database size.") { episodes, queries, recallQueries };
        CliAction.Set(command, (parse, ct) => RunAsync(parse.GetValue(episodes), parse.GetValue(queries), parse.GetValue(recallQueries), ct));
        return command;
    }

    private static async Task<int> RunAsync(int episodeCount, int queryCount, int recallCount, CancellationToken cancellationToken)
    {
        if (episodeCount < 1000 || queryCount < 1 || recallCount < 0)
        {
            throw new CliException("need --episodes >= 1000, --queries >= 1 and --recall-queries >= 0.");
        }
        var root = Directory.CreateTempSubdirectory("codeimprove-bench-memory-").FullName;
        try
        {
            var options = EpisodeStoreOptions.ForWorkspace(root);
            var embedder = new HashingCodeEmbedder();
            var random = new Random(42);
            var codes = new List<string>(episodeCount);
            var embeddings = new List<float[]>(episodeCount);
            var insert = new List<double>(episodeCount);
            var clock = new Stopwatch();
            var fill = Stopwatch.StartNew();
            await using (var store = await EpisodeStore.OpenAsync(options, cancellationToken))
            {
                for (var i = 0; i < episodeCount; i++)
                {
                    // One in five is a later edit of an earlier method, so similar code comes in families as in real use.
                    var code = i > 0 && random.Next(5) == 0 ? NearDuplicate(codes[random.Next(i)]) : Method(random);
                    codes.Add(code);
                    embeddings.Add(embedder.Embed(code));
                    var roll = random.NextDouble();
                    var decision = roll < 0.6 ? EpisodeDecision.Accepted : roll < 0.9 ? EpisodeDecision.Rejected : EpisodeDecision.Failed;
                    clock.Restart();
                    var id = await store.AddEpisodeAsync(Draft(code, decision, random), cancellationToken)
                        ?? throw new CliException($"episode {i} was not recorded: {store.Health.Warning}");
                    insert.Add(clock.Elapsed.TotalMilliseconds);
                    // Two candidates and a reflection per episode, as a typical two-cycle run leaves.
                    for (var cycle = 1; cycle <= 2; cycle++)
                    {
                        await store.AddCandidateAsync(id, new CandidateDraft { Cycle = cycle, Code = code.Replace("var ", "var _", StringComparison.Ordinal), Fingerprint = $"{id}-{cycle}", Score = cycle }, cancellationToken);
                    }
                    await store.AddReflectionAsync(id, 1, "The loop can be a LINQ query; keep the null check.", cancellationToken);
                }
            }
            var fillTime = fill.Elapsed;
            var size = new FileInfo(options.DatabasePath).Length;

            clock.Restart();
            await using var reopened = await EpisodeStore.OpenAsync(options, cancellationToken);
            var openTime = clock.Elapsed.TotalMilliseconds;

            var filtered = new List<double>();
            var unfiltered = new List<double>();
            for (var q = 0; q < queryCount; q++)
            {
                var query = q % 2 == 0 ? NearDuplicate(codes[random.Next(episodeCount)]) : Method(random);
                clock.Restart();
                await reopened.FindSimilarAsync(new SimilarityQuery { Code = query, K = 10 }, cancellationToken);
                filtered.Add(clock.Elapsed.TotalMilliseconds);
                clock.Restart();
                await reopened.FindSimilarAsync(new SimilarityQuery { Code = query, K = 10, Decision = null }, cancellationToken);
                unfiltered.Add(clock.Elapsed.TotalMilliseconds);
            }

            // Quality against an exact cosine scan: is the best match first, and are the relevant (cosine >= 0.5) ones found?
            int topMatches = 0, relevantFound = 0, relevantTotal = 0, overlap = 0;
            for (var q = 0; q < recallCount; q++)
            {
                var query = NearDuplicate(codes[random.Next(episodeCount)]);
                var exact = ExactTop(embeddings, embedder.Embed(query), 10);
                var found = (await reopened.FindSimilarAsync(new SimilarityQuery { Code = query, K = 10, Decision = null }, cancellationToken))
                    .Select(e => e.Id).ToHashSet();
                topMatches += found.Contains(exact[0].Id) ? 1 : 0;
                overlap += exact.Count(hit => found.Contains(hit.Id));
                var relevant = exact.Where(hit => hit.Similarity >= 0.5).ToList();
                relevantTotal += relevant.Count;
                relevantFound += relevant.Count(hit => found.Contains(hit.Id));
            }

            clock.Restart();
            await reopened.QueryEpisodesAsync(new EpisodeQuery { Decision = EpisodeDecision.Accepted, Limit = 50 }, cancellationToken);
            var listTime = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            await reopened.QueryEpisodesAsync(new EpisodeQuery { Text = "discountQueue", Limit = 50 }, cancellationToken);
            var textTime = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            await reopened.GetStatisticsAsync(cancellationToken: cancellationToken);
            var statsTime = clock.Elapsed.TotalMilliseconds;

            Console.WriteLine($"memory bench: {episodeCount:N0} synthetic episodes (60% accepted), each with 2 candidates and a reflection; " +
                $"hashing embedder {embedder.Dimension} dims; {Environment.ProcessorCount} cores");
            Console.WriteLine($"  fill {fillTime.TotalSeconds:F1} s");
            Console.WriteLine($"  insert episode (embed + write, own transaction)   {Summary(insert)}");
            Console.WriteLine($"  top-10 similar, accepted only                     {Summary(filtered)}");
            Console.WriteLine($"  top-10 similar, any decision                      {Summary(unfiltered)}");
            if (recallCount > 0)
            {
                Console.WriteLine($"  against an exact cosine scan ({recallCount} near-duplicate queries): best match returned {topMatches} of {recallCount}; " +
                    $"relevant neighbours (cosine >= 0.5) found {relevantFound} of {relevantTotal}; recall@10 {overlap / (10.0 * recallCount):P0}");
            }
            Console.WriteLine($"  database size {size / 1e6:F1} MB = {size / 1e6 / (episodeCount / 1000.0):F2} MB per 1,000 episodes");
            Console.WriteLine($"  reopen (integrity check, migrations) {openTime:F0} ms; first page of accepted {listTime:F1} ms; " +
                $"text search {textTime:F1} ms; statistics {statsTime:F1} ms");
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static EpisodeDraft Draft(string code, EpisodeDecision decision, Random random) => new()
    {
        Workspace = "/bench",
        File = $"src/{Words[random.Next(Words.Length)]}/{Words[random.Next(Words.Length)]}.cs",
        Span = new SourceSpan(random.Next(500), 4, random.Next(500, 600), 5),
        Instruction = "Improve readability without changing behaviour",
        Strategy = Words[random.Next(6)],
        OriginalCode = code,
        FinalCode = code.Replace("var ", "var _", StringComparison.Ordinal),
        Decision = decision,
        ScoreDelta = random.NextDouble() * 4 - 1,
        ScoreBreakdown = new Dictionary<string, double> { ["diagnostics"] = 1, ["complexity"] = random.Next(-2, 3) },
        ModelId = "bench-model",
        StageTimings = new Dictionary<string, double> { ["generate"] = random.Next(200, 3000), ["analyze"] = random.Next(10, 200) },
        PromptTokens = random.Next(300, 1500),
        CompletionTokens = random.Next(50, 400),
    };

    /// <summary>A method of 4-20 statements over random identifiers, shaped like everyday business code.</summary>
    private static string Method(Random random)
    {
        string Word() => Words[random.Next(Words.Length)];
        string Capitalized() => Word() is var word ? char.ToUpperInvariant(word[0]) + word[1..] : "";
        string Pascal() => Capitalized() + Capitalized();
        string Camel() => Word() + Capitalized();
        var code = new StringBuilder($"public {Pascal()} {Pascal()}({Pascal()} {Camel()}, int {Camel()})\n{{\n");
        for (var line = random.Next(4, 20); line > 0; line--)
        {
            code.Append(random.Next(5) switch
            {
                0 => $"    var {Camel()} = {Camel()}.{Pascal()}({Camel()});\n",
                1 => $"    if ({Camel()} == null || {Camel()}.{Pascal()} > {random.Next(100)}) return {Camel()};\n",
                2 => $"    foreach (var {Word()} in {Camel()}.{Pascal()}) {Camel()}.Add({Word()}.{Pascal()});\n",
                3 => $"    {Camel()} += {Camel()}.{Pascal()} * {Camel()};\n",
                _ => $"    _{Camel()}.{Pascal()}(\"{Word()} {Word()}\");\n",
            });
        }
        return code.Append($"    return {Camel()};\n}}").ToString();
    }

    /// <summary>The method with one statement dropped and one identifier renamed, as a later edit of it would be.</summary>
    private static string NearDuplicate(string code)
    {
        var lines = code.Split('\n').ToList();
        lines.RemoveAt(lines.Count / 2);
        return string.Join('\n', lines).Replace("return ", "return renamed", StringComparison.Ordinal);
    }

    /// <summary>Episode ids (1-based insertion order) and similarities of the k highest cosine similarities, best first.</summary>
    private static List<(long Id, float Similarity)> ExactTop(List<float[]> embeddings, float[] query, int k) =>
        [.. embeddings
            .Select((vector, index) => (Id: index + 1L, Similarity: Dot(vector, query)))
            .OrderByDescending(hit => hit.Similarity)
            .Take(k)];

    private static float Dot(float[] a, float[] b)
    {
        var sum = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static string Summary(List<double> milliseconds)
    {
        milliseconds.Sort();
        double Percentile(double p) => milliseconds[Math.Min(milliseconds.Count - 1, (int)(p * milliseconds.Count))];
        return $"p50 {Percentile(0.5),7:F2} ms   p99 {Percentile(0.99),7:F2} ms   max {milliseconds[^1],7:F2} ms";
    }
}
