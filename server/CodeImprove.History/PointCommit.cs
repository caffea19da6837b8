using LibGit2Sharp;

namespace CodeImprove.History;

internal enum PointStage
{
    /// <summary>Tree = the files' bytes before the apply.</summary>
    Before,
    /// <summary>Tree = the bytes the apply means to write (recorded with the before commit when known up front).</summary>
    Intent,
    /// <summary>Tree = the files' bytes once the apply completed.</summary>
    After,
    /// <summary>The apply never happened; tree = the before tree again.</summary>
    Abandoned,
}

/// <summary>
/// One commit of the timeline and the metadata in its message trailers. Trees mirror the working tree's paths;
/// a listed file missing from the tree did not exist at that stage.
/// </summary>
internal sealed record PointCommit(
    Commit Commit,
    string PointId,
    PointStage Stage,
    string EpisodeId,
    string? Reverts,
    IReadOnlyList<string> Files)
{
    private const string PointKey = "CodeImprove-Point: ";
    private const string StageKey = "CodeImprove-Stage: ";
    private const string EpisodeKey = "CodeImprove-Episode: ";
    private const string RevertsKey = "CodeImprove-Reverts: ";
    private const string FileKey = "CodeImprove-File: ";

    public DateTimeOffset Time => Commit.Committer.When;

    public static string FormatMessage(string pointId, PointStage stage, string episodeId, string? reverts, IEnumerable<string> files)
    {
        var subject = reverts is null
            ? $"codeimprove {stage.ToString().ToLowerInvariant()} {pointId} (episode {episodeId})"
            : $"codeimprove rollback {stage.ToString().ToLowerInvariant()} {pointId} reverting {reverts} (episode {episodeId})";
        var lines = new List<string> { subject, "", PointKey + pointId, StageKey + stage.ToString().ToLowerInvariant(), EpisodeKey + episodeId };
        if (reverts is not null)
        {
            lines.Add(RevertsKey + reverts);
        }
        lines.AddRange(files.Select(f => FileKey + f));
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>Reads a timeline commit; null for a commit that is not ours (never expected on our refs).</summary>
    public static PointCommit? Parse(Commit commit)
    {
        string? id = null, episode = null, reverts = null;
        PointStage? stage = null;
        var files = new List<string>();
        foreach (var line in commit.Message.Split('\n'))
        {
            if (line.StartsWith(PointKey, StringComparison.Ordinal)) id = line[PointKey.Length..];
            else if (line.StartsWith(StageKey, StringComparison.Ordinal) && Enum.TryParse<PointStage>(line[StageKey.Length..], ignoreCase: true, out var s)) stage = s;
            else if (line.StartsWith(EpisodeKey, StringComparison.Ordinal)) episode = line[EpisodeKey.Length..];
            else if (line.StartsWith(RevertsKey, StringComparison.Ordinal)) reverts = line[RevertsKey.Length..];
            else if (line.StartsWith(FileKey, StringComparison.Ordinal)) files.Add(line[FileKey.Length..]);
        }
        return id is null || stage is null || episode is null ? null : new PointCommit(commit, id, stage.Value, episode, reverts, files);
    }
}
