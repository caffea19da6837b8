namespace CodeImprove.Memory.Embeddings;

/// <summary>
/// Turns code into a fixed-length vector whose cosine similarity tracks how alike two pieces of code are.
/// The engine plugs in a model's embedder when one is configured; <see cref="HashingCodeEmbedder"/> otherwise.
/// </summary>
public interface IEmbedder
{
    /// <summary>Names the embedding space; the store re-embeds its episodes when this changes.</summary>
    string Id { get; }

    int Dimension { get; }

    ValueTask<float[]> EmbedAsync(string text, CancellationToken cancellationToken);
}
