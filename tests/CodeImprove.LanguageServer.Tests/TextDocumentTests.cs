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
}
