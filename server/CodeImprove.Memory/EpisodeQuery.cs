namespace CodeImprove.Memory;

/// <summary>
/// A filtered page of episodes, newest first. Every filter is optional; <see cref="Text"/> matches a
/// substring (case-insensitive for ASCII) of the instruction, file, original or final code.
/// </summary>
public sealed record EpisodeQuery
{
    public const int MaxLimit = 500;

    public string? File { get; init; }
    public EpisodeDecision? Decision { get; init; }
    public string? Strategy { get; init; }
    public string? Text { get; init; }
    public int Offset { get; init; }
    public int Limit { get; init; } = 50;
}

/// <summary>One page of a query, with the total number of matches for the pager.</summary>
public sealed record EpisodePage(IReadOnlyList<EpisodeSummary> Items, int Total, int Offset, int Limit);
