namespace CodeImprove.History;

/// <summary>Finds the point a user means: an exact point id, an episode id (its newest applied point), or a unique point id prefix.</summary>
internal static class PointResolver
{
    private const int MinimumPrefix = 4;

    public static PointRecord Resolve(IReadOnlyList<PointRecord> newestFirst, string target)
    {
        if (newestFirst.FirstOrDefault(p => p.Id == target) is { } exact)
        {
            return NotRolledBack(newestFirst, exact);
        }
        var episode = newestFirst.Where(p => p.Before.EpisodeId == target && p.Before.Reverts is null).ToList();
        if (episode.Count > 0)
        {
            return episode.FirstOrDefault(p => p.State is PointState.Complete or PointState.Incomplete) ?? NotRolledBack(newestFirst, episode[0]);
        }
        var prefixed = target.Length >= MinimumPrefix ? newestFirst.Where(p => p.Id.StartsWith(target, StringComparison.Ordinal)).ToList() : [];
        return prefixed.Count switch
        {
            1 => NotRolledBack(newestFirst, prefixed[0]),
            > 1 => throw new HistoryException($"'{target}' matches several rollback points: {string.Join(", ", prefixed.Select(p => p.Id))}"),
            _ => throw new HistoryException($"no rollback point or episode '{target}' in this workspace's history"),
        };
    }

    private static PointRecord NotRolledBack(IReadOnlyList<PointRecord> newestFirst, PointRecord point)
    {
        if (point.State == PointState.Abandoned)
        {
            throw new HistoryException($"rollback point {point.Id} (episode {point.Before.EpisodeId}) was abandoned before its edit was applied; nothing to roll back");
        }
        if (point.State != PointState.RolledBack)
        {
            return point;
        }
        var by = newestFirst.First(p => p.Before.Reverts == point.Id && p.After is not null && p.State != PointState.RolledBack);
        throw new HistoryException($"rollback point {point.Id} (episode {point.Before.EpisodeId}) is already rolled back by point {by.Id}; roll back {by.Id} to re-apply it");
    }
}
