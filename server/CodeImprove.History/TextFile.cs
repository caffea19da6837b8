using System.Text;
using System.Text.RegularExpressions;

namespace CodeImprove.History;

/// <summary>
/// The one encoding rule for source files: a file's encoding (UTF-8, or UTF-16 with its byte order mark), its BOM and
/// its line ending are detected once from its bytes and kept on every write. Edits replace only the bytes they cover, so a
/// byte the encoding cannot read (a Latin-1 'é' in a file read as UTF-8) stays exactly as it was outside the edited hunks.
/// </summary>
public sealed partial class TextFile
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    private static readonly Encoding Utf16Le = new UnicodeEncoding(bigEndian: false, byteOrderMark: false);
    private static readonly Encoding Utf16Be = new UnicodeEncoding(bigEndian: true, byteOrderMark: false);

    /// <summary>Byte offset in <see cref="Bytes"/> of each char offset of <see cref="Text"/> (one more entry than chars).</summary>
    private readonly int[] _byteOffsets;

    private TextFile(byte[] bytes, byte[] preamble, Encoding encoding, string text, int[] byteOffsets)
    {
        Bytes = bytes;
        Preamble = preamble;
        Encoding = encoding;
        Text = text;
        _byteOffsets = byteOffsets;
        LineEnding = LineEndingOf(text);
    }

    public byte[] Bytes { get; }

    /// <summary>The byte order mark the file starts with (empty when none).</summary>
    public byte[] Preamble { get; }

    /// <summary>The encoding of the text after the BOM (without a preamble of its own).</summary>
    public Encoding Encoding { get; }

    /// <summary>The file as an editor shows it: decoded, without the BOM; bytes the encoding cannot read become U+FFFD.</summary>
    public string Text { get; }

    /// <summary>"\r\n" when most line breaks are CRLF, else "\n".</summary>
    public string LineEnding { get; }

    public static TextFile Decode(byte[] bytes)
    {
        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return DecodeUtf8(bytes, 3);
        }
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return DecodeUtf16(bytes, Utf16Le);
        }
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return DecodeUtf16(bytes, Utf16Be);
        }
        return DecodeUtf8(bytes, 0);
    }

    /// <summary>The file at <paramref name="path"/>, or null when there is none.</summary>
    public static async Task<TextFile?> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            return Decode(await File.ReadAllBytesAsync(path, cancellationToken));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// The bytes an editor saves for <paramref name="text"/> as the buffer of the file at <paramref name="path"/>: that file's
    /// BOM and encoding (UTF-8 without BOM for a file that does not exist). What a rollback point records for an open document.
    /// </summary>
    public static byte[] BufferBytes(string path, string text)
    {
        TextFile? file;
        try
        {
            file = File.Exists(path) ? Decode(File.ReadAllBytes(path)) : null;
        }
        catch (IOException)
        {
            file = null;
        }
        return file?.Encode(text) ?? Utf8.GetBytes(text);
    }

    /// <summary>The whole of <paramref name="text"/> in this file's encoding, after its BOM.</summary>
    public byte[] Encode(string text) => [.. Preamble, .. Encoding.GetBytes(text)];

    /// <summary>
    /// This file's bytes with the edits applied (char offsets into <see cref="Text"/>, not overlapping). Every byte outside
    /// the edits is kept as it is; the inserted text is encoded like the file and takes its line ending.
    /// </summary>
    public byte[] Splice(IEnumerable<(int Start, int End, string NewText)> edits)
    {
        using var output = new MemoryStream(Bytes.Length);
        var kept = 0;
        foreach (var (start, end, newText) in edits.OrderBy(e => e.Start))
        {
            if (start < 0 || end > Text.Length || start > end || _byteOffsets[start] < kept)
            {
                throw new ArgumentException($"edit {start}..{end} is outside the text or overlaps another");
            }
            output.Write(Bytes, kept, _byteOffsets[start] - kept);
            output.Write(Encoding.GetBytes(WithLineEnding(newText, LineEnding)));
            kept = _byteOffsets[end];
        }
        output.Write(Bytes, kept, Bytes.Length - kept);
        return output.ToArray();
    }

    /// <summary>"\r\n" when most line breaks of <paramref name="text"/> are CRLF, else "\n".</summary>
    public static string LineEndingOf(string text)
    {
        int crlf = 0, lf = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                if (i > 0 && text[i - 1] == '\r')
                {
                    crlf++;
                }
                else
                {
                    lf++;
                }
            }
        }
        return crlf > lf ? "\r\n" : "\n";
    }

    /// <summary><paramref name="text"/> with every line break (\r\n, \n, lone \r) made <paramref name="lineEnding"/>.</summary>
    public static string WithLineEnding(string text, string lineEnding) =>
        LineBreak().Replace(text, lineEnding); // not string.ReplaceLineEndings: it also rewrites form feeds and U+2028

    [GeneratedRegex("\r\n|\r|\n")]
    private static partial Regex LineBreak();

    private static TextFile DecodeUtf8(byte[] bytes, int start)
    {
        var text = new StringBuilder(bytes.Length);
        var offsets = new List<int>(bytes.Length + 1);
        Span<char> chars = stackalloc char[2];
        for (var at = start; at < bytes.Length;)
        {
            // An invalid sequence decodes as one U+FFFD covering exactly the bytes it replaces, so the bytes can be kept.
            Rune.DecodeFromUtf8(bytes.AsSpan(at), out var rune, out var consumed);
            var written = rune.EncodeToUtf16(chars);
            for (var c = 0; c < written; c++)
            {
                offsets.Add(at);
                text.Append(chars[c]);
            }
            at += consumed;
        }
        offsets.Add(bytes.Length);
        return new TextFile(bytes, bytes[..start], Utf8, text.ToString(), [.. offsets]);
    }

    private static TextFile DecodeUtf16(byte[] bytes, Encoding encoding)
    {
        var body = bytes.Length - 2;
        var text = encoding.GetString(bytes, 2, body - body % 2) + (body % 2 == 1 ? "\uFFFD" : "");
        var offsets = new int[text.Length + 1];
        for (var i = 0; i < text.Length; i++)
        {
            offsets[i] = 2 + 2 * i;
        }
        offsets[text.Length] = bytes.Length;
        return new TextFile(bytes, bytes[..2], encoding, text, offsets);
    }
}
