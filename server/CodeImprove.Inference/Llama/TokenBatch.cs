using CodeImprove.Inference.Native;

namespace CodeImprove.Inference.Llama;

/// <summary>A reusable llama_batch for sequence 0, filled with consecutive positions.</summary>
internal sealed unsafe class TokenBatch : IDisposable
{
    private LlamaBatch batch;

    public TokenBatch(int capacity)
    {
        Capacity = capacity;
        batch = LlamaNative.llama_batch_init(capacity, 0, 1);
    }

    public int Capacity { get; }

    /// <summary>Fills the batch with <paramref name="tokens"/> at positions from <paramref name="firstPosition"/>.</summary>
    /// <param name="outputs">Which tokens produce logits/embeddings: the last one (generation) or all (embeddings).</param>
    public LlamaBatch Fill(ReadOnlySpan<int> tokens, int firstPosition, BatchOutputs outputs)
    {
        if (tokens.Length > Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(tokens), $"{tokens.Length} tokens exceed the batch capacity {Capacity}");
        }
        for (var i = 0; i < tokens.Length; i++)
        {
            batch.Tokens[i] = tokens[i];
            batch.Positions[i] = firstPosition + i;
            batch.SequenceIdCounts[i] = 1;
            batch.SequenceIds[i][0] = 0;
            batch.Logits[i] = (sbyte)(outputs == BatchOutputs.All || (outputs == BatchOutputs.Last && i == tokens.Length - 1) ? 1 : 0);
        }
        batch.TokenCount = tokens.Length;
        return batch;
    }

    public void Dispose()
    {
        if (batch.Tokens != null)
        {
            LlamaNative.llama_batch_free(batch);
            batch = default;
        }
    }
}

internal enum BatchOutputs
{
    None,
    Last,
    All,
}
