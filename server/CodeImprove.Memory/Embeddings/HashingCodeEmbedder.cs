using System.IO.Hashing;
using System.Text;

namespace CodeImprove.Memory.Embeddings;

/// <summary>
/// Deterministic code embedding that needs no model: the word tokens of identifiers split into sub-tokens
/// ("HttpResponse" is "http", "response") with their 2- and 3-grams, and 3- and 4-grams of the token kinds (the code's
/// shape, which survives renaming), are hashed (xxHash3, so the result is the same in every process) into signed
/// buckets, weighted by sublinear term frequency and L2-normalised. On a labelled set of 208 variants (renamed to
/// unrelated names, reformatted, a statement changed, added or removed) the shape grams lift precision@1 from 90 % to
/// the figure in the Memory README.
/// </summary>
public sealed class HashingCodeEmbedder(int dimension = HashingCodeEmbedder.DefaultDimension) : IEmbedder
{
    public const int DefaultDimension = 384;
    private const int MaxGram = 3;
    private const int MinShapeGram = 3;
    private const int MaxShapeGram = 4;

    public string Id => $"hashing-words{MaxGram}-shape{MaxShapeGram}-v2/{Dimension}";
    public int Dimension { get; } = dimension > 0 ? dimension : throw new ArgumentOutOfRangeException(nameof(dimension));

    public ValueTask<float[]> EmbedAsync(string text, CancellationToken cancellationToken) => ValueTask.FromResult(Embed(text));

    public float[] Embed(string text)
    {
        var vector = new float[Dimension];
        var features = CountFeatures(CodeTokenizer.Tokenize(text), 1, MaxGram, "");
        foreach (var (shape, count) in CountFeatures(CodeTokenizer.Kinds(text), MinShapeGram, MaxShapeGram, "\u0001"))
        {
            features[shape] = count;
        }
        foreach (var (feature, count) in features)
        {
            var hash = XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(feature));
            var sign = (hash >> 63) == 0 ? 1f : -1f;
            vector[(int)(hash % (ulong)Dimension)] += sign * (1f + MathF.Log(count));
        }
        return VectorMath.Normalize(vector);
    }

    /// <summary>The n-grams of <paramref name="tokens"/> for n in [min, max], each prefixed so the two families never collide.</summary>
    private static Dictionary<string, int> CountFeatures(List<string> tokens, int min, int max, string prefix)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var start = 0; start < tokens.Count; start++)
        {
            var gram = prefix + tokens[start];
            for (var length = 1; length <= max && start + length <= tokens.Count; length++)
            {
                if (length > 1)
                {
                    // A separator no token contains keeps ("ab", "c") apart from ("a", "bc").
                    gram = string.Concat(gram, " ", tokens[start + length - 1]);
                }
                if (length >= min)
                {
                    counts[gram] = counts.GetValueOrDefault(gram) + 1;
                }
            }
        }
        return counts;
    }
}
