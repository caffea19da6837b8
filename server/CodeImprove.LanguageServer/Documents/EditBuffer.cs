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
    public int OffsetOf(int line, int character)
    {
        if (line >= _lines)
        {
            return _length;
        }
        var start = _starts[line];
        var contentEnd = line + 1 < _lines ? _starts[line + 1] : _length;
        while (contentEnd > start && _chars[contentEnd - 1] is '\n' or '\r')
        {
            contentEnd--;
        }
        return (int)Math.Min((long)start + character, contentEnd);
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
        for (var p = scanFrom + 1; p <= newEnd; p++)
        {
            if (_chars[p - 1] == '\n' || (_chars[p - 1] == '\r' && (p == _length || _chars[p] != '\n')))
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
