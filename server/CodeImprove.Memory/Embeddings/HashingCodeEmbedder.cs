using System.IO.Hashing;
using System.Text;

namespace CodeImprove.Memory.Embeddings;

/// <summary>
/// Deterministic code embedding that needs no model: word tokens and their 2- and 3-grams are hashed
/// (xxHash3, so the result is the same in every process) into signed buckets, weighted by sublinear
/// term frequency and L2-normalised.
/// </summary>
public sealed class HashingCodeEmbedder(int dimension = HashingCodeEmbedder.DefaultDimension) : IEmbedder
{
    public const int DefaultDimension = 384;
    private const int MaxGram = 3;

    public string Id => $"hashing-ngram{MaxGram}-v1/{Dimension}";
    public int Dimension { get; } = dimension > 0 ? dimension : throw new ArgumentOutOfRangeException(nameof(dimension));

    public ValueTask<float[]> EmbedAsync(string text, CancellationToken cancellationToken) => ValueTask.FromResult(Embed(text));

    public float[] Embed(string text)
    {
        var vector = new float[Dimension];
        foreach (var (feature, count) in CountFeatures(CodeTokenizer.Tokenize(text)))
        {
            var hash = XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(feature));
            var sign = (hash >> 63) == 0 ? 1f : -1f;
            vector[(int)(hash % (ulong)Dimension)] += sign * (1f + MathF.Log(count));
        }
        return VectorMath.Normalize(vector);
    }

    private static Dictionary<string, int> CountFeatures(List<string> tokens)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var start = 0; start < tokens.Count; start++)
        {
            var gram = tokens[start];
            for (var length = 1; length <= MaxGram && start + length <= tokens.Count; length++)
            {
                if (length > 1)
                {
                    // A separator no token contains keeps ("ab", "c") apart from ("a", "bc").
                    gram = string.Concat(gram, " ", tokens[start + length - 1]);
                }
                counts[gram] = counts.GetValueOrDefault(gram) + 1;
            }
        }
        return counts;
    }
}
