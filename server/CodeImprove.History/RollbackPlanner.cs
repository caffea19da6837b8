namespace CodeImprove.History;

/// <summary>Decides, file by file, what a rollback writes, and refuses (naming files and lines) when files changed after the edit.</summary>
internal static class RollbackPlanner
{
    public static RollbackPlan Plan(PointRecord record, IReadOnlyDictionary<string, byte[]?> current, RollbackMode mode)
    {
        var before = FileSnapshot.FromTree(record.Before.Commit.Tree, record.Before.Files);
        var expected = record.Expected is { } stage ? FileSnapshot.FromTree(stage.Commit.Tree, record.Before.Files) : null;
        var restored = new Dictionary<string, byte[]?>();
        var merged = new List<string>();
        var conflicts = new List<RollbackConflict>();
        for (var i = 0; i < before.Count; i++)
        {
            var path = before[i].Path;
            var now = current[path];
            var edited = expected?[i];
            if (before[i].SameBytes(now) || edited is not null && edited.SameBytes(now) || mode == RollbackMode.Force)
            {
                restored[path] = before[i].Bytes;
            }
            else if (mode == RollbackMode.Merge && before[i].Bytes is { } b && edited?.Bytes is { } e && now is not null
                     && LineDiff.RevertHunks(b, e, now) is { } revert)
            {
                restored[path] = revert;
                merged.Add(path);
            }
            else
            {
                conflicts.Add(Conflict(path, before[i].Bytes, edited, now, mode));
            }
        }
        if (conflicts.Count > 0)
        {
            throw new RollbackConflictException(record.Id, conflicts);
        }
        return new RollbackPlan(record.ToPoint(), current, restored, merged)
        {
            Executable = before.Where(f => f.Executable).Select(f => f.Path).ToHashSet(),
        };
    }

    private static RollbackConflict Conflict(string path, byte[]? before, FileSnapshot? edited, byte[]? now, RollbackMode mode)
    {
        if (edited is null)
        {
            return new RollbackConflict(path, "the apply never completed and the file differs from its before-bytes", LineDiff.ChangedLines(before, now));
        }
        var reason = (edited.Bytes, now) switch
        {
            (_, null) => "deleted after the edit",
            (null, _) => "created again after the edit deleted it",
            _ when mode == RollbackMode.Merge => "changed after the edit where the edit's hunks are",
            _ => "changed after the edit",
        };
        return new RollbackConflict(path, reason, LineDiff.ChangedLines(edited.Bytes, now));
    }
}
