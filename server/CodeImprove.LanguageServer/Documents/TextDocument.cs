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
    private int[] LineStarts => lineStarts ??= EditBuffer.LineStartsOf(Text);

    /// <summary>
    /// The string offset of a position. A character past the line's end means the line's end and a line past the
    /// last means the document's end (the spec's rule for positions a client computed on stale text).
    /// </summary>
    public int OffsetOf(Position position) => EditBuffer.OffsetOf(Text, LineStarts, position.Line, position.Character);

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
                buffer = new EditBuffer(change.Text, EditBuffer.LineStartsOf(change.Text));
                continue;
            }
            var from = buffer.OffsetOf(change.Range.Start.Line, change.Range.Start.Character);
            var to = buffer.OffsetOf(change.Range.End.Line, change.Range.End.Character);
            if (to < from)
            {
                throw new ArgumentException($"Change range ends before it starts: {change.Range}.");
            }
            buffer.Replace(from, to, change.Text);
        }
        return new TextDocument(Uri, LanguageId, version, buffer.Text) { lineStarts = buffer.LineStarts };
    }
}
