namespace CodeImprove.History;

/// <summary>
/// Holds the audit trail against the rollback store: the chain of line digests, a line for every point with the same
/// file digests the store holds, and an outcome line for every point that finished. Also finds what a crash left
/// between a line and its step, so that an open can write the missing outcome.
/// </summary>
internal static class AuditVerifier
{
    /// <param name="files">A point's files with the digests the store holds: before and, once completed, after.</param>
    public static IReadOnlyList<string> Verify(
        IReadOnlyList<(int Number, string Raw, AuditEntry? Entry)> lines, IReadOnlyList<PointRecord> points, Func<PointRecord, IReadOnlyList<AuditFile>> files)
    {
        var problems = new List<string>();
        string? previous = null;
        foreach (var (number, raw, entry) in lines)
        {
            if (entry is null)
            {
                problems.Add($"line {number} is not an audit entry");
            }
            else if (entry.Previous != (previous is null ? null : AuditLog.Digest(System.Text.Encoding.UTF8.GetBytes(previous))))
            {
                problems.Add($"line {number} does not follow line {number - 1}: a line was removed or changed there");
            }
            previous = raw;
        }

        var trail = Trail.Of(lines);
        foreach (var point in points)
        {
            var kind = point.Before.Reverts is null ? AuditEvents.Apply : AuditEvents.Rollback;
            var stored = files(point);
            if (!trail.Begun.TryGetValue(point.Id, out var begun))
            {
                problems.Add($"gap: rollback point {point.Id} (episode {point.Before.EpisodeId}, {string.Join(", ", point.Before.Files)}) has no {kind} line");
                continue;
            }
            problems.AddRange(Compare(begun, stored, f => f.Before, "before"));
            trail.Outcomes.TryGetValue(point.Id, out var outcome);
            var expected = point.After is not null ? AuditEvents.Completed : point.Abandoned ? AuditEvents.Abandoned : null;
            if (expected is null)
            {
                if (outcome is not null)
                {
                    problems.Add($"mismatch: line {outcome.Number} says point {point.Id} is {outcome.Entry.Event}, the rollback store has it unfinished");
                }
            }
            else if (outcome is null)
            {
                problems.Add($"gap: rollback point {point.Id} is {expected} in the rollback store, with no {expected} line");
            }
            else if (outcome.Entry.Event != expected)
            {
                problems.Add($"mismatch: line {outcome.Number} says point {point.Id} is {outcome.Entry.Event}, the rollback store says {expected}");
            }
            else if (expected == AuditEvents.Completed)
            {
                problems.AddRange(Compare(outcome, stored, f => f.After, "after"));
            }
        }

        var known = points.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (point, begun) in trail.Begun.Where(b => !known.Contains(b.Key) && !trail.Pruned.Contains(b.Key)))
        {
            if (trail.Outcomes.GetValueOrDefault(point) is not { Entry.Event: AuditEvents.Abandoned })
            {
                problems.Add($"mismatch: line {begun.Number} records point {point}, which the rollback store does not have (and no prune dropped)");
            }
        }
        foreach (var (number, accept) in trail.Accepts)
        {
            if (accept.Point is null || trail.Outcomes.GetValueOrDefault(accept.Point) is not { Entry.Event: AuditEvents.Completed })
            {
                problems.Add($"mismatch: line {number} accepts episode {accept.Episode} through point {accept.Point ?? "(none)"}, which has no completed line");
            }
        }
        return problems;
    }

    /// <summary>
    /// Outcome lines a crash kept from being written: a point the store completed or abandoned after its line, or a line
    /// whose point never reached the store (the process stopped before recording it, so nothing was applied).
    /// </summary>
    public static IReadOnlyList<AuditEntry> MissingOutcomes(
        IReadOnlyList<(int Number, string Raw, AuditEntry? Entry)> lines, IReadOnlyList<PointRecord> points, Func<PointRecord, IReadOnlyList<AuditFile>> files)
    {
        var trail = Trail.Of(lines);
        var byId = points.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var missing = new List<AuditEntry>();
        foreach (var (point, begun) in trail.Begun.Where(b => !trail.Outcomes.ContainsKey(b.Key) && !trail.Pruned.Contains(b.Key)))
        {
            var recovered = new AuditEntry { Event = AuditEvents.Abandoned, Episode = begun.Entry.Episode, Point = point, Origin = "recovery" };
            if (!byId.TryGetValue(point, out var record))
            {
                missing.Add(recovered with { Detail = "the process stopped before the rollback point was recorded; nothing was applied" });
            }
            else if (record.After is not null)
            {
                missing.Add(recovered with { Event = AuditEvents.Completed, Files = files(record), Detail = "completed before the process stopped" });
            }
            else if (record.Abandoned)
            {
                missing.Add(recovered with { Detail = "abandoned before the process stopped" });
            }
        }
        return missing;
    }

    private static IEnumerable<string> Compare(Located line, IReadOnlyList<AuditFile> stored, Func<AuditFile, string?> digest, string stage)
    {
        var audited = (line.Entry.Files ?? []).ToDictionary(f => f.Path, StringComparer.Ordinal);
        foreach (var file in stored)
        {
            if (!audited.TryGetValue(file.Path, out var entry))
            {
                yield return $"gap: line {line.Number} does not list {file.Path} of point {line.Entry.Point}";
            }
            else if (digest(entry) != digest(file))
            {
                yield return $"mismatch: line {line.Number} says {file.Path} was {Short(digest(entry))} {stage} point {line.Entry.Point}; the rollback store holds {Short(digest(file))}";
            }
        }
    }

    private static string Short(string? digest) => digest is null ? "absent" : "sha256 " + digest[..12];

    private sealed record Located(int Number, AuditEntry Entry);

    /// <summary>The lines that matter for points, by point id (the first begin and the first outcome of each).</summary>
    private sealed record Trail(
        Dictionary<string, Located> Begun,
        Dictionary<string, Located> Outcomes,
        HashSet<string> Pruned,
        List<Located> Accepts)
    {
        public static Trail Of(IReadOnlyList<(int Number, string Raw, AuditEntry? Entry)> lines)
        {
            var trail = new Trail(new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal), []);
            foreach (var (number, _, entry) in lines)
            {
                switch (entry)
                {
                    case { Event: AuditEvents.Apply or AuditEvents.Rollback, Point: { } point }:
                        trail.Begun.TryAdd(point, new Located(number, entry));
                        break;
                    case { Event: AuditEvents.Completed or AuditEvents.Abandoned, Point: { } point }:
                        trail.Outcomes.TryAdd(point, new Located(number, entry));
                        break;
                    case { Event: AuditEvents.Prune, Pruned: { } pruned }:
                        trail.Pruned.UnionWith(pruned);
                        break;
                    case { Event: AuditEvents.Accept }:
                        trail.Accepts.Add(new Located(number, entry));
                        break;
                }
            }
            return trail;
        }
    }
}
