using CodeImprove.LanguageServer.Documents;
using CodeImprove.Protocol;
using Range = CodeImprove.Protocol.Range;

namespace CodeImprove.LanguageServer.Tests;

public sealed class TextDocumentTests
{
    private static TextDocument Doc(string text) => new("file:///a.cs", "csharp", 1, text);

    private static TextDocumentContentChangeEvent Edit(int l1, int c1, int l2, int c2, string text) =>
        new(text) { Range = new Range(new Position(l1, c1), new Position(l2, c2)) };

    [Fact]
    public void Characters_count_utf16_code_units_so_a_surrogate_pair_is_two()
    {
        var doc = Doc("a😀b\n");
        Assert.Equal(3, doc.OffsetOf(new Position(0, 3)));
        var changed = doc.WithChanges(2, [Edit(0, 1, 0, 3, "x")]);
        Assert.Equal("axb\n", changed.Text);
    }

    [Fact]
    public void Crlf_lone_cr_and_lf_each_end_a_line()
    {
        var doc = Doc("one\r\ntwo\rthree\nfour");
        Assert.Equal(4, doc.LineCount);
        Assert.Equal(new Position(1, 0), doc.PositionOf(5));
        Assert.Equal(new Position(2, 0), doc.PositionOf(9));
        var changed = doc.WithChanges(2, [Edit(3, 0, 3, 4, "FOUR"), Edit(1, 0, 1, 3, "TWO")]);
        Assert.Equal("one\r\nTWO\rthree\nFOUR", changed.Text);
    }

    [Fact]
    public void A_character_past_the_line_end_means_the_line_end_not_the_next_line()
    {
        var doc = Doc("ab\r\ncd");
        Assert.Equal(2, doc.OffsetOf(new Position(0, 99)));
        Assert.Equal(6, doc.OffsetOf(new Position(7, 0)));
        Assert.Equal("abX\r\ncd", doc.WithChanges(2, [Edit(0, 50, 0, 50, "X")]).Text);
    }

    [Fact]
    public void Changes_apply_in_order_each_to_the_result_of_the_previous()
    {
        var doc = Doc("hello world");
        var changed = doc.WithChanges(5, [Edit(0, 0, 0, 5, "bye"), Edit(0, 4, 0, 9, "all"), new TextDocumentContentChangeEvent("full")]);
        Assert.Equal("full", changed.Text);
        Assert.Equal(5, changed.Version);
        Assert.Equal("bye allld", doc.WithChanges(2, [Edit(0, 0, 0, 5, "bye"), Edit(0, 4, 0, 7, "all")]).Text);
    }

    [Fact]
    public void A_reversed_range_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Doc("abc").WithChanges(2, [Edit(0, 2, 0, 1, "")]));
    }

    [Fact]
    public void The_store_marks_stale_versions_and_refuses_unknown_documents()
    {
        var store = new DocumentStore();
        store.Open(new TextDocumentItem("file:///a.cs", "csharp", 3, "x"));
        Assert.NotNull(store.Change(new VersionedTextDocumentIdentifier("file:///a.cs", 3), [new TextDocumentContentChangeEvent("y")]).Unsynchronized);
        Assert.Throws<InvalidOperationException>(() => store.Change(new VersionedTextDocumentIdentifier("file:///b.cs", 9), [new TextDocumentContentChangeEvent("y")]));
        Assert.Equal("x", store.Get("file:///a.cs")!.Text);
        Assert.Equal("y", store.Change(new VersionedTextDocumentIdentifier("file:///a.cs", 4), [new TextDocumentContentChangeEvent("y")]).Text);
    }

    [Fact]
    public void Fifty_thousand_random_edits_give_the_text_and_lines_that_a_plain_model_of_the_document_gives()
    {
        // Seeded random edits that make, split and join \r\n pairs and surrogate pairs (positions count UTF-16 code
        // units, so a pair can be split), at positions past a line's end or the last line and at int.MaxValue, in
        // didChanges of 20 edits, against a plain reference model of the spec's rules.
        var random = new Random(11);
        var pieces = new[] { "", "a", "bc", "\n", "\r", "\r\n", "x\ny", "\n\r", "long piece\r\nof text\n", "😀", "\uD83D", "\uDE00", "é\u0301", "\0" };
        var reference = "first\r\nsecond\rthird\nfourth 😀";
        var doc = Doc(reference);
        for (var round = 0; round < 2500; round++)
        {
            var edits = new List<TextDocumentContentChangeEvent>();
            for (var i = 0; i < 20; i++)
            {
                var lines = ReferenceLineStarts(reference);
                var (l1, c1) = (random.Next(lines.Count + 1), Character(random));
                var (l2, c2) = (l1 + random.Next(2), Character(random));
                var start = ReferenceOffset(reference, lines, l1, c1);
                var end = ReferenceOffset(reference, lines, l2, c2);
                if (end < start)
                {
                    (l1, c1, l2, c2, start, end) = (l2, c2, l1, c1, end, start);
                }
                var text = pieces[random.Next(pieces.Length)];
                edits.Add(Edit(l1, c1, l2, c2, text));
                reference = reference[..start] + text + reference[end..];
            }
            doc = doc.WithChanges(round + 2, edits);
            Assert.Equal(reference, doc.Text);
            var starts = ReferenceLineStarts(reference);
            Assert.Equal(starts.Count, doc.LineCount);
            Assert.All(Enumerable.Range(0, starts.Count), line => Assert.Equal(new Position(line, 0), doc.PositionOf(starts[line])));
        }
    }

    /// <summary>Mostly inside a line, sometimes past its end, now and then the largest position a client can send.</summary>
    private static int Character(Random random) => random.Next(50) == 0 ? int.MaxValue : random.Next(12);

    private static List<int> ReferenceLineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
            {
                starts.Add(i + 1);
            }
        }
        return starts;
    }

    private static int ReferenceOffset(string text, List<int> starts, int line, int character)
    {
        if (line >= starts.Count)
        {
            return text.Length;
        }
        var end = line + 1 < starts.Count ? starts[line + 1] : text.Length;
        while (end > starts[line] && text[end - 1] is '\n' or '\r')
        {
            end--;
        }
        return (int)Math.Min((long)starts[line] + character, end);
    }
}
