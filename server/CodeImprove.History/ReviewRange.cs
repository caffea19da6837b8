using LibGit2Sharp;

namespace CodeImprove.History;

/// <summary>The lines of a git range that a review covers: per C# file, the lines of the new side that changed.</summary>
/// <param name="Root">The repository's working directory.</param>
/// <param name="Lines">Per full path, the 1-based line ranges added or changed (a deletion marks the line where it was).</param>
public sealed record ChangedLines(string Root, IReadOnlyDictionary<string, IReadOnlyList<(int First, int Last)>> Lines);

/// <summary>
/// Reads what a git range changed, as a pull request shows it: <c>A..B</c> (B's tree against A's), <c>A...B</c> (B against
/// their merge base) or <c>A</c> alone (the working tree and index against A). Read only: nothing in the repository changes.
/// </summary>
public static class ReviewRange
{
    public static ChangedLines Read(string workspace, string range)
    {
        try
        {
            using var repository = GitWorkTree.Open(workspace, out var root)
                ?? throw new HistoryException($"{workspace} is not in the work tree of a git repository; `review` needs one");
            var patch = Diff(repository, range);
            var lines = new Dictionary<string, IReadOnlyList<(int, int)>>(StringComparer.Ordinal);
            foreach (var change in patch.Where(c => c.Status != ChangeKind.Deleted && c.Path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase)))
            {
                var changed = NewSideLines(change.Patch);
                if (changed.Count > 0)
                {
                    lines[Path.GetFullPath(Path.Combine(root!, change.Path))] = changed;
                }
            }
            return new ChangedLines(root!, lines);
        }
        catch (LibGit2SharpException e)
        {
            throw new HistoryException($"git could not read the range '{range}': {e.Message}");
        }
    }

    private static Patch Diff(Repository repository, string range)
    {
        var threeDots = range.IndexOf("...", StringComparison.Ordinal);
        var twoDots = range.IndexOf("..", StringComparison.Ordinal);
        if (threeDots >= 0 || twoDots >= 0)
        {
            var (left, right) = threeDots >= 0 ? (range[..threeDots], range[(threeDots + 3)..]) : (range[..twoDots], range[(twoDots + 2)..]);
            var to = Commit(repository, right.Length == 0 ? "HEAD" : right);
            var from = Commit(repository, left.Length == 0 ? "HEAD" : left);
            if (threeDots >= 0)
            {
                from = repository.ObjectDatabase.FindMergeBase(from, to) ?? throw new HistoryException($"'{left}' and '{right}' have no common ancestor");
            }
            return repository.Diff.Compare<Patch>(from.Tree, to.Tree);
        }
        return repository.Diff.Compare<Patch>(Commit(repository, range).Tree, DiffTargets.Index | DiffTargets.WorkingDirectory);
    }

    private static Commit Commit(Repository repository, string spec) =>
        repository.Lookup(spec)?.Peel<Commit>() ?? throw new HistoryException($"'{spec}' names no commit of {repository.Info.WorkingDirectory}");

    /// <summary>The new side's changed lines from a unified diff's hunks, as ranges.</summary>
    private static List<(int First, int Last)> NewSideLines(string patch)
    {
        var ranges = new List<(int First, int Last)>();
        var line = 0;
        void Mark(int at)
        {
            if (ranges.Count > 0 && ranges[^1].Last >= at - 1)
            {
                ranges[^1] = (ranges[^1].First, Math.Max(ranges[^1].Last, at));
            }
            else
            {
                ranges.Add((at, at));
            }
        }
        foreach (var text in patch.Split('\n'))
        {
            if (text.StartsWith("@@", StringComparison.Ordinal))
            {
                // @@ -a,b +c,d @@: the new side starts at line c.
                var plus = text.IndexOf('+', StringComparison.Ordinal);
                var end = text.IndexOfAny([',', ' '], plus);
                line = int.Parse(text[(plus + 1)..end], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line > 0 && text.StartsWith('+') && !text.StartsWith("+++", StringComparison.Ordinal))
            {
                Mark(line++);
            }
            else if (line > 0 && text.StartsWith('-') && !text.StartsWith("---", StringComparison.Ordinal))
            {
                Mark(Math.Max(1, line));
            }
            else if (line > 0 && text.StartsWith(' '))
            {
                line++;
            }
        }
        return ranges;
    }
}
