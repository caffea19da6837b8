using System.Text;

namespace CodeImprove.History.Tests;

/// <summary>The one encoding rule: what is decoded, what is kept byte for byte, and what an editor would save.</summary>
public sealed class TextFileTests
{
    [Fact]
    public void A_byte_utf8_cannot_read_stays_exactly_as_it_was_outside_the_edit()
    {
        byte[] bytes = [.. "// caf"u8, 0xE9, .. "\nint x = 1;\n"u8];
        var file = TextFile.Decode(bytes);
        Assert.Equal("// caf\uFFFD\nint x = 1;\n", file.Text);
        var start = file.Text.IndexOf('1');

        var spliced = file.Splice([(start, start + 1, "2")]);

        Assert.Equal([.. "// caf"u8, 0xE9, .. "\nint x = 2;\n"u8], spliced);
    }

    [Fact]
    public void Bom_and_crlf_are_kept_and_inserted_lines_take_the_files_line_ending()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("a\r\nb\r\n")).ToArray();
        var file = TextFile.Decode(bytes);
        Assert.Equal("a\r\nb\r\n", file.Text);
        Assert.Equal("\r\n", file.LineEnding);

        var spliced = file.Splice([(3, 4, "x\ny")]);

        Assert.Equal(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("a\r\nx\r\ny\r\n")).ToArray(), spliced);
        Assert.Equal(bytes, file.Encode(file.Text));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Utf16_files_round_trip_and_splice_in_their_encoding(bool bigEndian)
    {
        var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: true);
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes("int é = 1;\n")).ToArray();
        var file = TextFile.Decode(bytes);
        Assert.Equal("int é = 1;\n", file.Text);

        var spliced = file.Splice([(8, 9, "42")]);

        Assert.Equal(encoding.GetPreamble().Concat(encoding.GetBytes("int é = 42;\n")).ToArray(), spliced);
    }

    [Fact]
    public void Buffer_bytes_are_the_bytes_an_editor_saves_in_the_files_encoding()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("codeimprove-textfile-").FullName, "A.cs");
        File.WriteAllBytes(path, [0xFF, 0xFE, (byte)'a', 0]);
        Assert.Equal([0xFF, 0xFE, (byte)'b', 0, (byte)'c', 0], TextFile.BufferBytes(path, "bc"));
        Assert.Equal("x"u8.ToArray(), TextFile.BufferBytes(path + ".missing", "x"));
    }

    [Fact]
    public void Line_endings_are_rewritten_without_touching_form_feeds_or_unicode_separators()
    {
        Assert.Equal("a\r\nb\r\nc\f\u2028", TextFile.WithLineEnding("a\nb\rc\f\u2028", "\r\n"));
        Assert.Equal("\n", TextFile.LineEndingOf("no line breaks"));
    }
}
