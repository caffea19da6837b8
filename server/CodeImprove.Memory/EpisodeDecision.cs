namespace CodeImprove.Memory;

/// <summary>What became of an episode's proposal. Stored as its lower-case name.</summary>
public enum EpisodeDecision
{
    Pending,
    Accepted,
    Rejected,
    Cancelled,
    Failed,
}

internal static class EpisodeDecisionNames
{
    public static string ToStorage(this EpisodeDecision decision) => decision switch
    {
        EpisodeDecision.Pending => "pending",
        EpisodeDecision.Accepted => "accepted",
        EpisodeDecision.Rejected => "rejected",
        EpisodeDecision.Cancelled => "cancelled",
        EpisodeDecision.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, "unknown decision"),
    };

    public static EpisodeDecision FromStorage(string value) => value switch
    {
        "pending" => EpisodeDecision.Pending,
        "accepted" => EpisodeDecision.Accepted,
        "rejected" => EpisodeDecision.Rejected,
        "cancelled" => EpisodeDecision.Cancelled,
        "failed" => EpisodeDecision.Failed,
        _ => throw new InvalidDataException($"unknown decision '{value}' in the episode database"),
    };
}
