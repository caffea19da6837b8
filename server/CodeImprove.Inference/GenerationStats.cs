namespace CodeImprove.Inference;

/// <summary>What one completion cost: prompt tokens reused from the KV cache, decoded, generated, and the times.</summary>
public sealed record GenerationStats(
    int PromptTokens,
    int ReusedPromptTokens,
    int GeneratedTokens,
    TimeSpan PrefillTime,
    int DecodeSteps,
    TimeSpan DecodeTime,
    FinishReason FinishReason)
{
    /// <summary>Prompt tokens that went through llama_decode (the rest came from the cache).</summary>
    public int DecodedPromptTokens => PromptTokens - ReusedPromptTokens;

    public double PrefillTokensPerSecond => PrefillTime > TimeSpan.Zero ? DecodedPromptTokens / PrefillTime.TotalSeconds : 0;

    public double DecodeTokensPerSecond => DecodeTime > TimeSpan.Zero ? DecodeSteps / DecodeTime.TotalSeconds : 0;
}

public enum FinishReason
{
    /// <summary>The model ended its turn or a stop string appeared.</summary>
    Stop,

    /// <summary>MaxTokens reached.</summary>
    Length,

    /// <summary>The context is full.</summary>
    ContextFull,

    Cancelled,
}
