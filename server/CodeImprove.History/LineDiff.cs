using System.Text;
using DiffPlex;
using DiffPlex.Chunkers;

namespace CodeImprove.History;

/// <summary>
/// Line diffs over exact bytes. Bytes are mapped to text as Latin-1 (one char per byte, lossless), so encodings,
/// BOMs and CR/LF survive untouched; lines keep their terminators, so a line-ending change is a changed line.
/// </summary>
internal static class LineDiff
{
    /// <summary>1-based ranges of lines in <paramref name="to"/> that differ from <paramref name="from"/> (a deletion is reported at the line after it).</summary>
    public static IReadOnlyList<LineRange> ChangedLines(byte[]? from, byte[]? to)
    {
        if (to is null)
        {
            return [];
        }
        var diff = Differ.Instance.CreateDiffs(Text(from ?? []), Text(to), false, false, LineEndingsPreservingChunker.Instance);
        var lineCount = Math.Max(1, diff.PiecesNew.Count);
        var ranges = new List<LineRange>();
        foreach (var block in diff.DiffBlocks)
        {
            var start = Math.Min(block.InsertStartB + 1, lineCount);
            var range = new LineRange(start, Math.Max(start, block.InsertStartB + block.InsertCountB));
            if (ranges.Count > 0 && ranges[^1].End + 1 >= range.Start)
            {
                ranges[^1] = new LineRange(ranges[^1].Start, Math.Max(ranges[^1].End, range.End));
            }
            else
            {
                ranges.Add(range);
            }
        }
        return ranges;
    }

    /// <summary>
    /// Reverts the edit (<paramref name="after"/> back to <paramref name="before"/>) inside <paramref name="current"/>,
    /// a 3-way merge with the after-bytes as base; null when a reverted hunk overlaps a later change.
    /// </summary>
    public static byte[]? RevertHunks(byte[] before, byte[] after, byte[] current)
    {
        var merge = ThreeWayDiffer.Instance.CreateMerge(Text(after), Text(current), Text(before), false, false, LineEndingsPreservingChunker.Instance);
        return merge.IsSuccessful ? Encoding.Latin1.GetBytes(string.Concat(merge.MergedPieces)) : null;
    }

    private static string Text(byte[] bytes) => Encoding.Latin1.GetString(bytes);
}
