using CodeImprove.Memory.Embeddings;

namespace CodeImprove.Memory.Tests;

public sealed class SimilarityTests : IAsyncLifetime
{
    private readonly TempFolder folder = new();
    private EpisodeStore store = null!;
    private readonly List<long> corpusIds = [];

    public async ValueTask InitializeAsync()
    {
        store = await EpisodeStore.OpenAsync(EpisodeStoreOptions.ForWorkspace(folder.Path));
        foreach (var code in Episodes.Corpus)
        {
            corpusIds.Add((await store.AddEpisodeAsync(Episodes.Draft(code: code, decision: EpisodeDecision.Accepted, finalCode: code + "// improved")))!.Value);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await store.DisposeAsync();
        folder.Dispose();
    }

    // The invoice method with one statement rewritten and a variable renamed.
    private static readonly string NearDuplicateOfInvoice = Episodes.Corpus[2]
        .Replace("total = total +", "total +=", StringComparison.Ordinal)
        .Replace("invoice", "bill", StringComparison.Ordinal);

    [Fact]
    public async Task A_near_duplicate_method_retrieves_its_episode_first()
    {
        var similar = await store.FindSimilarAsync(new SimilarityQuery { Code = NearDuplicateOfInvoice, K = 3 });

        Assert.Equal(3, similar.Count);
        Assert.Equal(corpusIds[2], similar[0].Id);
        Assert.Equal(Episodes.Corpus[2], similar[0].OriginalCode);
        Assert.True(similar[0].Similarity > similar[1].Similarity + 0.2, $"{similar[0].Similarity} vs {similar[1].Similarity}");
        Assert.True(similar.Zip(similar.Skip(1)).All(pair => pair.First.Similarity >= pair.Second.Similarity));
    }

    [Fact]
    public async Task Retrieval_filters_by_decision_and_follows_decision_changes()
    {
        await store.SetDecisionAsync(corpusIds[2], EpisodeDecision.Rejected, "broke the tax rounding");

        var accepted = await store.FindSimilarAsync(new SimilarityQuery { Code = NearDuplicateOfInvoice, K = 3 });
        var rejected = await store.FindSimilarAsync(new SimilarityQuery { Code = NearDuplicateOfInvoice, K = 3, Decision = EpisodeDecision.Rejected });
        var any = await store.FindSimilarAsync(new SimilarityQuery { Code = NearDuplicateOfInvoice, K = 1, Decision = null });

        Assert.DoesNotContain(accepted, e => e.Id == corpusIds[2]);
        Assert.All(accepted, e => Assert.Equal(EpisodeDecision.Accepted, e.Decision));
        var avoid = Assert.Single(rejected);
        Assert.Equal((corpusIds[2], "broke the tax rounding"), (avoid.Id, avoid.DecisionReason));
        Assert.Equal(corpusIds[2], Assert.Single(any).Id);
    }

    [Fact]
    public async Task An_episode_can_be_left_out_and_an_embedding_given_directly()
    {
        var embedding = new HashingCodeEmbedder().Embed(Episodes.Corpus[5]);

        var similar = await store.FindSimilarAsync(new SimilarityQuery { Embedding = embedding, K = 2, ExcludeEpisodeId = corpusIds[5] });

        Assert.Equal(2, similar.Count);
        Assert.DoesNotContain(similar, e => e.Id == corpusIds[5]);
    }

    [Fact]
    public async Task The_near_duplicate_survives_the_sketch_shortlist_among_thousands()
    {
        // Enough generated methods that the sketch scan, not the exact re-rank, decides what is considered.
        var random = new Random(7);
        string[] words = ["order", "customer", "price", "total", "cache", "file", "user", "line", "index", "buffer", "count", "name", "item", "value", "result"];
        for (var i = 0; i < 3000; i++)
        {
            string Word() => words[random.Next(words.Length)];
            var code = $"public int {Word()}{Word()}(int {Word()}) {{ var {Word()} = {Word()}.{Word()}({Word()}); return {Word()} + {i}; }}";
            await store.AddEpisodeAsync(Episodes.Draft(code: code, decision: EpisodeDecision.Accepted));
        }

        var similar = await store.FindSimilarAsync(new SimilarityQuery { Code = NearDuplicateOfInvoice, K = 10 });

        Assert.Equal(corpusIds[2], similar[0].Id);
    }

    [Fact]
    public async Task Changing_the_embedder_rebuilds_the_index()
    {
        await store.DisposeAsync();

        store = await EpisodeStore.OpenAsync(EpisodeStoreOptions.ForWorkspace(folder.Path) with { Embedder = new HashingCodeEmbedder(256) });
        var similar = await store.FindSimilarAsync(new SimilarityQuery { Code = NearDuplicateOfInvoice, K = 1 });

        Assert.Equal(corpusIds[2], Assert.Single(similar).Id);
        await Assert.ThrowsAsync<ArgumentException>(() => store.FindSimilarAsync(new SimilarityQuery { Embedding = new float[384] }));
    }

    [Fact]
    public async Task A_failing_embedder_still_records_the_episode()
    {
        await store.DisposeAsync();
        store = await EpisodeStore.OpenAsync(EpisodeStoreOptions.ForWorkspace(folder.Path) with { Embedder = new BrokenEmbedder() });

        var id = await store.AddEpisodeAsync(Episodes.Draft());

        Assert.NotNull(id);
        Assert.NotNull(await store.GetEpisodeAsync(id.Value));
        Assert.Empty(await store.FindSimilarAsync(new SimilarityQuery { Code = "int Add(int a, int b) { return a + b; }" }));
    }

    /// <summary>Test double for a model embedder whose endpoint is down (one that works needs a model).</summary>
    private sealed class BrokenEmbedder : IEmbedder
    {
        private int calls;

        public string Id => "broken/384";
        public int Dimension => 384;

        // It works while the index is rebuilt at open, then its "endpoint" goes down.
        public ValueTask<float[]> EmbedAsync(string text, CancellationToken cancellationToken) =>
            ++calls <= Episodes.Corpus.Length
                ? ValueTask.FromResult(new HashingCodeEmbedder().Embed(text))
                : throw new HttpRequestException("connection refused");
    }
}
