using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Documents;

/// <summary>An immutable snapshot of an open document. Positions are LSP's: line and UTF-16 code unit.</summary>
public sealed class TextDocument
{
    private int[]? lineStarts;

    public TextDocument(string uri, string languageId, int version, string text)
    {
        Uri = uri;
        LanguageId = languageId;
        Version = version;
        Text = text;
    }

    public string Uri { get; }

    public string LanguageId { get; }

    public int Version { get; }

    public string Text { get; }

    /// <summary>
    /// Why the server's copy no longer matches the editor's (a change that could not be applied), or null. Such a document
    /// keeps its last good text but is not improved or edited until the editor reopens it or sends it whole.
    /// </summary>
    public string? Unsynchronized { get; private init; }

    public TextDocument MarkUnsynchronized(string reason) =>
        new(Uri, LanguageId, Version, Text) { Unsynchronized = reason, lineStarts = lineStarts };

    public int LineCount => LineStarts.Length;

    /// <summary>Offsets where each line begins; \r\n, \n and \r all end a line, as LSP says.</summary>
    private int[] LineStarts => lineStarts ??= ComputeLineStarts(Text);

    /// <summary>
    /// The string offset of a position. A character past the line's end means the line's end and a line past the
    /// last means the document's end (the spec's rule for positions a client computed on stale text).
    /// </summary>
    public int OffsetOf(Position position)
    {
        var starts = LineStarts;
        if (position.Line < 0 || position.Character < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(position), $"Negative position {position.Line}:{position.Character}.");
        }
        if (position.Line >= starts.Length)
        {
            return Text.Length;
        }
        var start = starts[position.Line];
        var end = position.Line + 1 < starts.Length ? starts[position.Line + 1] : Text.Length;
        var contentEnd = end;
        while (contentEnd > start && Text[contentEnd - 1] is '\n' or '\r')
        {
            contentEnd--;
        }
        return (int)Math.Min((long)start + position.Character, contentEnd); // a huge character means the line's end, never an overflow
    }

    public Position PositionOf(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        var line = Array.BinarySearch(LineStarts, offset);
        if (line < 0)
        {
            line = ~line - 1;
        }
        return new Position(line, offset - LineStarts[line]);
    }

    /// <summary>Applies the client's changes in order, giving the next version; each edit costs about its own size (see <see cref="EditBuffer"/>).</summary>
    public TextDocument WithChanges(int version, IEnumerable<TextDocumentContentChangeEvent> changes)
    {
        var buffer = new EditBuffer(Text, LineStarts);
        foreach (var change in changes)
        {
            if (change.Range is null)
            {
                buffer = new EditBuffer(change.Text, ComputeLineStarts(change.Text));
                continue;
            }
            var (start, end) = (change.Range.Start, change.Range.End);
            if (start.Line < 0 || start.Character < 0 || end.Line < 0 || end.Character < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(changes), $"Negative position in {change.Range}.");
            }
            var from = buffer.OffsetOf(start.Line, start.Character);
            var to = buffer.OffsetOf(end.Line, end.Character);
            if (to < from)
            {
                throw new ArgumentException($"Change range ends before it starts: {change.Range}.");
            }
            buffer.Replace(from, to, change.Text);
        }
        return new TextDocument(Uri, LanguageId, version, buffer.Text) { lineStarts = buffer.LineStarts };
    }

    private static int[] ComputeLineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
                starts.Add(i + 1);
            }
            else if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }
        return [.. starts];
    }
}
