using System.Text;
using DiffPlex;
using DiffPlex.Chunkers;

namespace CodeImprove.Analysis.Text;

/// <summary>One changed run of whole lines: old lines [OldLine, OldLine + OldLines) become NewText. Offsets are in the old text.</summary>
public sealed record LineChange(int OldStart, int OldEnd, int OldLine, int OldLineCount, int NewLine, int NewLineCount, string OldText, string NewText);

/// <summary>Line diffs (DiffPlex, line endings kept) as offset edits, and their unified-diff rendering.</summary>
public static class LineDiff
{
    public static IReadOnlyList<LineChange> Compute(string oldText, string newText)
    {
        var diff = Differ.Instance.CreateDiffs(oldText, newText, ignoreWhiteSpace: false, ignoreCase: false, LineEndingsPreservingChunker.Instance);
        var oldOffsets = Offsets(diff.PiecesOld);
        return diff.DiffBlocks.Select(b => new LineChange(
            oldOffsets[b.DeleteStartA],
            oldOffsets[b.DeleteStartA + b.DeleteCountA],
            b.DeleteStartA,
            b.DeleteCountA,
            b.InsertStartB,
            b.InsertCountB,
            string.Concat(diff.PiecesOld.Skip(b.DeleteStartA).Take(b.DeleteCountA)),
            string.Concat(diff.PiecesNew.Skip(b.InsertStartB).Take(b.InsertCountB)))).ToList();
    }

    /// <summary>A unified diff of the whole texts, with <paramref name="context"/> lines around each change.</summary>
    public static string Unified(string oldText, string newText, string path, int context = 3)
    {
        var changes = Compute(oldText, newText);
        if (changes.Count == 0)
        {
            return "";
        }
        var builder = new StringBuilder().Append("--- a/").Append(path).Append('\n').Append("+++ b/").Append(path).Append('\n');
        var oldLines = Lines(oldText);
        foreach (var group in Group(changes, context))
        {
            AppendHunk(builder, oldLines, group, context);
        }
        return builder.ToString();
    }

    /// <summary>One hunk's changes alone as a unified-diff hunk (header and body), for a per-hunk preview.</summary>
    public static string Hunk(string oldText, IReadOnlyList<LineChange> changes, int context = 3)
    {
        var builder = new StringBuilder();
        AppendHunk(builder, Lines(oldText), changes, context);
        return builder.ToString();
    }

    private static void AppendHunk(StringBuilder builder, IReadOnlyList<string> oldLines, IReadOnlyList<LineChange> group, int context)
    {
        var first = Math.Max(0, group[0].OldLine - context);
        var last = Math.Min(oldLines.Count, group[^1].OldLine + group[^1].OldLineCount + context);
        var newFirst = group[0].NewLine - (group[0].OldLine - first);
        var newCount = last - first + group.Sum(c => c.NewLineCount - c.OldLineCount);
        builder.Append($"@@ -{first + 1},{last - first} +{newFirst + 1},{newCount} @@\n");
        var line = first;
        foreach (var change in group)
        {
            for (; line < change.OldLine; line++)
            {
                AppendLine(builder, ' ', oldLines[line]);
            }
            foreach (var removed in Lines(change.OldText))
            {
                AppendLine(builder, '-', removed);
            }
            foreach (var added in Lines(change.NewText))
            {
                AppendLine(builder, '+', added);
            }
            line += change.OldLineCount;
        }
        for (; line < last; line++)
        {
            AppendLine(builder, ' ', oldLines[line]);
        }
    }

    /// <summary>One diff line; the file's last line without a line break gets diff's marker, so `git apply` takes the patch.</summary>
    private static void AppendLine(StringBuilder builder, char prefix, string line)
    {
        builder.Append(prefix).Append(Trim(line)).Append('\n');
        if (line.Length == 0 || line[^1] is not ('\n' or '\r'))
        {
            builder.Append("\\ No newline at end of file\n");
        }
    }

    /// <summary>Changes whose context windows touch are shown as one hunk, as diff -u does.</summary>
    private static IEnumerable<IReadOnlyList<LineChange>> Group(IReadOnlyList<LineChange> changes, int context)
    {
        var group = new List<LineChange> { changes[0] };
        foreach (var change in changes.Skip(1))
        {
            var previous = group[^1];
            if (change.OldLine - (previous.OldLine + previous.OldLineCount) <= 2 * context)
            {
                group.Add(change);
                continue;
            }
            yield return group;
            group = [change];
        }
        yield return group;
    }

    private static int[] Offsets(IReadOnlyList<string> pieces)
    {
        var offsets = new int[pieces.Count + 1];
        for (var i = 0; i < pieces.Count; i++)
        {
            offsets[i + 1] = offsets[i] + pieces[i].Length;
        }
        return offsets;
    }

    private static IReadOnlyList<string> Lines(string text) => LineEndingsPreservingChunker.Instance.Chunk(text);

    private static string Trim(string line) => line.TrimEnd('\r', '\n');
}
