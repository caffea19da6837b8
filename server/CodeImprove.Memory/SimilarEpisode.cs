namespace CodeImprove.Memory;

/// <summary>A past episode close to the code at hand, for the prompt's examples (or its warnings).</summary>
public sealed record SimilarEpisode(
    long Id,
    double Similarity,
    string File,
    string Instruction,
    string Strategy,
    EpisodeDecision Decision,
    string? DecisionReason,
    string OriginalCode,
    string? FinalCode);

/// <summary>
/// Find the <see cref="K"/> episodes nearest to <see cref="Code"/> (embedded with the store's embedder) or to a
/// ready <see cref="Embedding"/>; give exactly one of them. <see cref="Decision"/> null means any decision.
/// </summary>
public sealed record SimilarityQuery
{
    public string? Code { get; init; }
    public float[]? Embedding { get; init; }
    public int K { get; init; } = 5;
    public EpisodeDecision? Decision { get; init; } = EpisodeDecision.Accepted;

    /// <summary>Leave this episode out (the one being recorded right now, say).</summary>
    public long? ExcludeEpisodeId { get; init; }
}
