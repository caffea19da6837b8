using CodeImprove.LanguageServer.Documents;
using CodeImprove.Protocol;
using Range = CodeImprove.Protocol.Range;

namespace CodeImprove.LanguageServer.Tests;

/// <summary>No silent divergence: a change the store cannot apply marks the document, once, until it is sent whole again.</summary>
public sealed class DocumentStoreTests
{
    private const string Uri = "file:///w/A.cs";

    private static TextDocumentContentChangeEvent Insert(int line, string text) =>
        new(text) { Range = new Range(new Position(line, 0), new Position(line, 0)) };

    [Fact]
    public void An_out_of_order_change_marks_the_document_once_and_a_whole_text_change_resynchronizes_it()
    {
        var store = new DocumentStore();
        var marked = new List<string>();
        store.Unsynchronized += d => marked.Add(d.Unsynchronized!);
        store.Open(new TextDocumentItem(Uri, "csharp", 5, "a\n"));

        var stale = store.Change(new VersionedTextDocumentIdentifier(Uri, 4), [Insert(0, "x")]);
        Assert.NotNull(stale.Unsynchronized);
        Assert.Equal("a\n", stale.Text);
        store.Change(new VersionedTextDocumentIdentifier(Uri, 6), [Insert(0, "y")]); // still lost: not applied, not reported again
        Assert.Equal("a\n", store.Get(Uri)!.Text);
        Assert.Single(marked);

        var whole = store.Change(new VersionedTextDocumentIdentifier(Uri, 7), [new TextDocumentContentChangeEvent("b\n"), Insert(0, "c")]);
        Assert.Null(whole.Unsynchronized);
        Assert.Equal(("cb\n", 7), (whole.Text, whole.Version));
    }

    [Fact]
    public void A_range_that_ends_before_it_starts_marks_the_document()
    {
        var store = new DocumentStore();
        store.Open(new TextDocumentItem(Uri, "csharp", 1, "abc\n"));
        var changed = store.Change(new VersionedTextDocumentIdentifier(Uri, 2),
            [new TextDocumentContentChangeEvent("x") { Range = new Range(new Position(0, 2), new Position(0, 1)) }]);
        Assert.Contains("ends before it starts", changed.Unsynchronized);
        Assert.Null(store.Open(new TextDocumentItem(Uri, "csharp", 3, "abc\n")).Unsynchronized);
    }
}
