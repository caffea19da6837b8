using LibGit2Sharp;

namespace CodeImprove.History;

/// <summary>
/// Drops old points by rewriting the kept part of the chain (same trees and messages, so point ids survive) and
/// moving the timeline in one ref update; the dropped commits become unreachable for git gc. Incomplete points are never dropped.
/// </summary>
internal static class TimelinePruner
{
    /// <param name="dropping">Told the ids about to be dropped, before anything changes (the audit trail's line).</param>
    public static int Prune(HistoryRepository history, IReadOnlyList<PointCommit> newestFirst, PruneOptions options, DateTimeOffset now, Action<IReadOnlyList<string>> dropping)
    {
        if (options.MaxPoints < 0 || options.MaxAgeDays < 0)
        {
            throw new HistoryException($"prune limits must not be negative (maxPoints {options.MaxPoints}, maxAgeDays {options.MaxAgeDays})");
        }
        var points = Timeline.Points(newestFirst);
        var oldest = options.MaxAgeDays is { } days ? now - TimeSpan.FromDays(days) : DateTimeOffset.MinValue;
        var keep = points
            .Where((p, index) => p.State == PointState.Incomplete || (index < (options.MaxPoints ?? int.MaxValue) && p.Before.Time >= oldest))
            .Select(p => p.Id)
            .ToHashSet();
        if (keep.Count == points.Count)
        {
            return 0;
        }
        dropping([.. points.Select(p => p.Id).Where(id => !keep.Contains(id))]);

        var repository = history.Repository;
        var rewritten = new Dictionary<ObjectId, Commit>();
        Commit? parent = null;
        foreach (var commit in newestFirst.Reverse().Where(c => keep.Contains(c.PointId)))
        {
            var original = commit.Commit;
            parent = repository.ObjectDatabase.CreateCommit(
                original.Author, original.Committer, original.Message, original.Tree, parent is null ? [] : [parent], prettifyMessage: false);
            rewritten[original.Id] = parent;
        }
        if (parent is null)
        {
            repository.Refs.Remove(history.TimelineRef);
        }
        else
        {
            repository.Refs.Add(history.TimelineRef, parent.Id, allowOverwrite: true);
        }
        foreach (var marker in repository.Refs.FromGlob(history.PendingPrefix + "*").ToList())
        {
            if (marker.ResolveToDirectReference().TargetIdentifier is var target && rewritten.TryGetValue(new ObjectId(target), out var moved))
            {
                repository.Refs.Add(marker.CanonicalName, moved.Id, allowOverwrite: true);
            }
        }
        return points.Count - keep.Count;
    }
}
