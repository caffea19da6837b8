using CodeImprove.Inference.Native;

namespace CodeImprove.Inference.Llama;

/// <summary>
/// The tokens held in the context's KV cache (sequence 0), kept equal to what llama.cpp holds: a request that shares
/// a prefix with the previous one (the loop's reflect step extends the generate prompt) keeps that prefix and
/// decodes only the rest. Not thread-safe: the owner serializes use of the context.
/// </summary>
internal sealed class KvCache(LlamaContextHandle context, int batchSize) : IDisposable
{
    private readonly List<int> tokens = [];
    private readonly TokenBatch batch = new(batchSize);
    private readonly AbortSignal abort = new(context);

    private nint Memory => LlamaNative.llama_get_memory(context.DangerousGetHandle());

    public int Count => tokens.Count;

    /// <summary>
    /// Drops every cached token after the longest common prefix with <paramref name="prompt"/> and returns how many
    /// are kept. The last prompt token is always decoded again, because its logits are needed to sample.
    /// </summary>
    public int KeepCommonPrefix(ReadOnlySpan<int> prompt)
    {
        var keep = 0;
        var limit = Math.Min(tokens.Count, prompt.Length - 1);
        while (keep < limit && tokens[keep] == prompt[keep])
        {
            keep++;
        }
        if (keep < tokens.Count && !LlamaNative.llama_memory_seq_rm(Memory, 0, keep, -1))
        {
            Clear(); // recurrent models cannot drop part of a sequence
            return 0;
        }
        tokens.RemoveRange(keep, tokens.Count - keep);
        return keep;
    }

    public void Clear()
    {
        LlamaNative.llama_memory_clear(Memory, data: false);
        tokens.Clear();
    }

    /// <summary>Decodes <paramref name="next"/> after the cached tokens, in batch-sized chunks; on failure or cancellation
    /// removes whatever part llama.cpp kept, so the cache still matches the recorded tokens.</summary>
    public void Extend(ReadOnlySpan<int> next, BatchOutputs outputs, CancellationToken cancellationToken)
    {
        try
        {
            for (var start = 0; start < next.Length; start += batch.Capacity)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var chunk = next.Slice(start, Math.Min(batch.Capacity, next.Length - start));
                var isLast = start + chunk.Length == next.Length;
                abort.Token = cancellationToken;
                var result = LlamaNative.llama_decode(context.DangerousGetHandle(),
                    batch.Fill(chunk, tokens.Count, isLast ? outputs : BatchOutputs.None));
                switch (result)
                {
                    case 0:
                        tokens.AddRange(chunk);
                        break;
                    case 2:
                        throw new OperationCanceledException(cancellationToken);
                    case 1:
                        throw new ModelException($"the KV cache has no room for {chunk.Length} more tokens after {tokens.Count}; raise model.contextSize");
                    default:
                        throw new ModelException($"llama_decode failed with code {result} after {tokens.Count} tokens");
                }
            }
        }
        catch
        {
            LlamaNative.llama_memory_seq_rm(Memory, 0, tokens.Count, -1);
            throw;
        }
    }

    public void Dispose()
    {
        batch.Dispose();
        abort.Dispose();
    }
}
