namespace CodeImprove.LanguageServer.Documents;

/// <summary>
/// The text of a document while one didChange's edits are applied, with its line starts kept up to date edit by edit:
/// each edit costs a block copy of the characters and line starts after it and a scan of the few characters around it,
/// never a new string or a rescan of the whole text. Line breaks are LSP's: \r\n, \n and \r.
/// </summary>
internal sealed class EditBuffer
{
    private char[] _chars;
    private int _length;
    private int[] _starts;
    private int _lines;

    public EditBuffer(string text, int[] lineStarts)
    {
        _chars = text.ToCharArray();
        _length = text.Length;
        _starts = (int[])lineStarts.Clone();
        _lines = lineStarts.Length;
    }

    public int Length => _length;

    public string Text => new(_chars, 0, _length);

    public int[] LineStarts => _starts[.._lines];

    /// <summary>The offset of a line and character, clamped as <see cref="TextDocument.OffsetOf"/> says.</summary>
    public int OffsetOf(int line, int character) => OffsetOf(_chars.AsSpan(0, _length), _starts.AsSpan(0, _lines), line, character);

    /// <summary>
    /// The offset of a line and character: a character past the line's end means the line's end and a line past the last
    /// means the text's end (the spec's rule for positions a client computed on stale text); a negative one is refused.
    /// </summary>
    public static int OffsetOf(ReadOnlySpan<char> text, ReadOnlySpan<int> lineStarts, int line, int character)
    {
        if (line < 0 || character < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(line), $"Negative position {line}:{character}.");
        }
        if (line >= lineStarts.Length)
        {
            return text.Length;
        }
        var start = lineStarts[line];
        var contentEnd = line + 1 < lineStarts.Length ? lineStarts[line + 1] : text.Length;
        while (contentEnd > start && text[contentEnd - 1] is '\n' or '\r')
        {
            contentEnd--;
        }
        return (int)Math.Min((long)start + character, contentEnd); // a huge character means the line's end, never an overflow
    }

    /// <summary>Replaces [start, end) with <paramref name="text"/>.</summary>
    public void Replace(int start, int end, string text)
    {
        var delta = text.Length - (end - start);
        EnsureCapacity(ref _chars, _length + delta);
        Array.Copy(_chars, end, _chars, end + delta, _length - end);
        text.CopyTo(0, _chars, start, text.Length);
        _length += delta;

        // Line starts that the edit may have moved, made or unmade: from the line before the edit (a \r before it may
        // now pair with a \n) to one past its end (a \r\n may have been split or joined there).
        var from = Math.Max(0, LineIndexOf(start) - 1);
        var scanFrom = _starts[from];
        var oldLast = end + 1;
        var firstAfter = from + 1;
        while (firstAfter < _lines && _starts[firstAfter] <= oldLast)
        {
            firstAfter++;
        }
        var newEnd = Math.Min(_length, start + text.Length + 1);
        var found = new List<int>();
        var chars = _chars.AsSpan(0, _length);
        for (var p = scanFrom + 1; p <= newEnd; p++)
        {
            if (StartsLine(chars, p))
            {
                found.Add(p);
            }
        }
        var tail = _lines - firstAfter;
        var lines = from + 1 + found.Count + tail;
        EnsureCapacity(ref _starts, lines);
        Array.Copy(_starts, firstAfter, _starts, from + 1 + found.Count, tail);
        found.CopyTo(_starts, from + 1);
        for (var i = from + 1 + found.Count; i < lines; i++)
        {
            _starts[i] += delta;
        }
        _lines = lines;
    }

    /// <summary>The offsets where the lines of a text begin (LSP's rule: \r\n, \n and \r each end a line).</summary>
    public static int[] LineStartsOf(ReadOnlySpan<char> text)
    {
        var starts = new List<int> { 0 };
        for (var p = 1; p <= text.Length; p++)
        {
            if (StartsLine(text, p))
            {
                starts.Add(p);
            }
        }
        return [.. starts];
    }

    /// <summary>Whether a line begins at <paramref name="p"/> (after the first character): after a \n, or after a \r no \n follows.</summary>
    private static bool StartsLine(ReadOnlySpan<char> text, int p) =>
        text[p - 1] == '\n' || (text[p - 1] == '\r' && (p == text.Length || text[p] != '\n'));

    /// <summary>The line that contains the offset.</summary>
    private int LineIndexOf(int offset)
    {
        var line = Array.BinarySearch(_starts, 0, _lines, offset);
        return line >= 0 ? line : ~line - 1;
    }

    private static void EnsureCapacity<T>(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            Array.Resize(ref array, Math.Max(length, array.Length * 2));
        }
    }
}
