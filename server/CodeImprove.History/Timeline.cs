using LibGit2Sharp;

namespace CodeImprove.History;

/// <summary>The commits of one point: before, optionally the intended after, and the after once completed.</summary>
internal sealed class PointRecord(PointCommit before)
{
    public PointCommit Before { get; } = before;
    public PointCommit? Intent { get; set; }
    public PointCommit? After { get; set; }
    public bool Abandoned { get; set; }
    public bool RolledBack { get; set; }

    public string Id => Before.PointId;

    public PointState State =>
        RolledBack ? PointState.RolledBack
        : After is not null ? PointState.Complete
        : Abandoned ? PointState.Abandoned
        : PointState.Incomplete;

    /// <summary>What the files should hold if nothing touched them since: the completed after-bytes, else the intended ones (null when unknown).</summary>
    public PointCommit? Expected => After ?? Intent;

    public RollbackPoint ToPoint() => new(Id, Before.EpisodeId, Before.Time, Before.Files, State, Before.Reverts);
}

/// <summary>
/// Reads a timeline: a first-parent chain of point commits, newest at the ref. A point is incomplete until its after
/// commit appears; a completed point that reverts another marks that one rolled back (and re-applies what it reverted).
/// Superseded or rolled-back incomplete points count as resolved (state RolledBack).
/// </summary>
internal static class Timeline
{
    /// <summary>The chain's commits, newest first.</summary>
    public static IReadOnlyList<PointCommit> Walk(Repository repository, string timelineRef)
    {
        var chain = new List<PointCommit>();
        for (var commit = repository.Refs[timelineRef]?.ResolveToDirectReference().Target as Commit;
             commit is not null;
             commit = commit.Parents.FirstOrDefault())
        {
            chain.Add(PointCommit.Parse(commit)
                ?? throw new HistoryException($"{timelineRef} contains a commit CodeImprove did not write: {commit.Sha}"));
        }
        return chain;
    }

    /// <summary>The points on the chain, newest first, with their states.</summary>
    public static IReadOnlyList<PointRecord> Points(IReadOnlyList<PointCommit> chain)
    {
        var byId = new Dictionary<string, PointRecord>();
        var ordered = new List<PointRecord>();
        foreach (var commit in chain.Reverse())
        {
            if (commit.Stage == PointStage.Before)
            {
                var record = new PointRecord(commit);
                byId[record.Id] = record;
                ordered.Add(record);
            }
            else if (byId.TryGetValue(commit.PointId, out var record))
            {
                switch (commit.Stage)
                {
                    case PointStage.Intent: record.Intent = commit; break;
                    case PointStage.After: record.After = commit; break;
                    default: record.Abandoned = true; break;
                }
            }
        }
        foreach (var record in ordered.Where(r => r.After is not null && r.Before.Reverts is not null))
        {
            // An interrupted rollback of the same point is superseded once a rollback of it completes.
            foreach (var superseded in ordered.Where(p => p.After is null && p.Before.Reverts == record.Before.Reverts))
            {
                superseded.RolledBack = true;
            }
            if (byId.TryGetValue(record.Before.Reverts!, out var reverted))
            {
                reverted.RolledBack = true;
                if (reverted.Before.Reverts is { } reapplied && byId.TryGetValue(reapplied, out var original))
                {
                    original.RolledBack = false;
                }
            }
        }
        ordered.Reverse();
        return ordered;
    }
}
