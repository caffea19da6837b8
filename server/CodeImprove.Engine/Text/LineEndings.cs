using System.Text;
using CodeImprove.Analysis.Text;
using CodeImprove.History;

namespace CodeImprove.Engine.Text;

/// <summary>
/// The line endings of a rewrite: a line it keeps from the original keeps that line's ending (a file with mixed endings
/// stays mixed), a new or changed line gets the file's dominant one, whatever the formatter or the model wrote.
/// </summary>
internal static class LineEndings
{
    public static string Follow(string original, string candidate, string dominant)
    {
        var oldLines = Lines(original);
        var newLines = Lines(TextFile.WithLineEnding(candidate, "\n"));
        var result = new StringBuilder(candidate.Length);
        var oldLine = 0;
        foreach (var change in LineDiff.Compute(TextFile.WithLineEnding(original, "\n"), string.Concat(newLines)))
        {
            for (; oldLine < change.OldLine; oldLine++)
            {
                result.Append(oldLines[oldLine]);
            }
            foreach (var line in newLines.Skip(change.NewLine).Take(change.NewLineCount))
            {
                result.Append(line.EndsWith('\n') ? line[..^1] + dominant : line);
            }
            oldLine += change.OldLineCount;
        }
        for (; oldLine < oldLines.Count; oldLine++)
        {
            result.Append(oldLines[oldLine]);
        }
        return result.ToString();
    }

    /// <summary>The lines of a text, each with its ending (CRLF, CR or LF; the last one may have none).</summary>
    private static List<string> Lines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
            {
                lines.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }
        if (start < text.Length)
        {
            lines.Add(text[start..]);
        }
        return lines;
    }
}
