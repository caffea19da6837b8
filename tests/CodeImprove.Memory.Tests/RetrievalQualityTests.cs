using CodeImprove.Memory.Embeddings;

namespace CodeImprove.Memory.Tests;

/// <summary>
/// Retrieval quality in the real store (SQLite + vec0): a method renamed, reformatted or with one statement changed finds
/// its own episode first, and the store's top ten agrees with an exact cosine scan over 10,000 episodes.
/// </summary>
public sealed class RetrievalQualityTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Each_variant_of_a_method_finds_that_method_first_in_nine_of_ten_cases()
    {
        await using var store = await EpisodeStore.OpenAsync(EpisodeStoreOptions.ForWorkspace(folder.Path));
        var ids = new List<long>();
        foreach (var method in CodeVariants.Methods)
        {
            ids.Add((await store.AddEpisodeAsync(Episodes.Draft(code: method, decision: EpisodeDecision.Accepted)))!.Value);
        }

        var misses = new List<string>();
        var total = 0;
        for (var m = 0; m < CodeVariants.Methods.Length; m++)
        {
            foreach (var variant in CodeVariants.Of(CodeVariants.Methods[m]))
            {
                total++;
                var nearest = Assert.Single(await store.FindSimilarAsync(new SimilarityQuery { Code = variant, K = 1 }));
                if (nearest.Id != ids[m])
                {
                    misses.Add($"a variant of method {m} found method {ids.IndexOf(nearest.Id)}");
                }
            }
        }

        Assert.True(total >= 200, $"{total} variants");
        var precision = 1 - misses.Count / (double)total;
        Assert.True(precision >= 0.9, $"precision@1 {precision:P1}: {string.Join("; ", misses)}");
    }

    [Fact]
    public async Task The_top_ten_agrees_with_an_exact_scan_over_ten_thousand_episodes()
    {
        var embedder = new HashingCodeEmbedder();
        var random = new Random(17);
        string[] stems = ["order", "price", "node", "cache", "line", "user", "token", "frame", "batch", "queue"];
        var codes = new List<string>();
        while (codes.Count < 10_000)
        {
            // Families of near-duplicates, as real use makes them: variants of variants under random names.
            var variant = CodeVariants.Of(CodeVariants.Methods[random.Next(CodeVariants.Methods.Length)])[random.Next(8)];
            codes.Add(variant.Replace("item", stems[random.Next(stems.Length)] + random.Next(1000), StringComparison.Ordinal));
        }
        var vectors = codes.Select(embedder.Embed).ToList();
        await using var store = await EpisodeStore.OpenAsync(EpisodeStoreOptions.ForWorkspace(folder.Path));
        var ids = new List<long>();
        foreach (var code in codes)
        {
            ids.Add((await store.AddEpisodeAsync(Episodes.Draft(code: code, decision: EpisodeDecision.Accepted)))!.Value);
        }

        var found = 0;
        const int queries = 50;
        for (var q = 0; q < queries; q++)
        {
            var query = vectors[random.Next(vectors.Count)];
            var exact = Enumerable.Range(0, vectors.Count)
                .Select(i => (Id: ids[i], Similarity: Dot(query, vectors[i])))
                .OrderByDescending(x => x.Similarity).ThenByDescending(x => x.Id).Take(10).Select(x => x.Id).ToHashSet();
            var returned = await store.FindSimilarAsync(new SimilarityQuery { Embedding = query, K = 10 });
            found += returned.Count(r => exact.Contains(r.Id));
        }

        Assert.True(found >= 0.95 * queries * 10, $"recall@10 {found / (queries * 10.0):P1}");
    }

    private static double Dot(float[] a, float[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
