using System.Collections.Concurrent;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Documents;

/// <summary>
/// The open documents as the editor has them. Only mutating handlers write (in order, through the scheduler);
/// readers take a snapshot before they start, so a document never changes under a running handler.
/// </summary>
public sealed class DocumentStore
{
    private readonly ConcurrentDictionary<string, TextDocument> documents = new(StringComparer.Ordinal);

    public event Action<TextDocument>? Changed;

    public event Action<string>? Closed;

    /// <summary>Raised once when a document stops matching the editor's (see <see cref="TextDocument.Unsynchronized"/>).</summary>
    public event Action<TextDocument>? Unsynchronized;

    public int Count => documents.Count;

    public TextDocument? Get(string uri) => documents.GetValueOrDefault(uri);

    public IReadOnlyCollection<TextDocument> All => [.. documents.Values];

    public TextDocument Open(TextDocumentItem item)
    {
        var document = new TextDocument(item.Uri, item.LanguageId, item.Version, item.Text);
        documents[item.Uri] = document;
        Changed?.Invoke(document);
        return document;
    }

    /// <summary>
    /// Applies incremental or full changes. A change that cannot be applied (out of order, a range that ends before it
    /// starts) marks the document unsynchronized rather than being dropped, so the server never silently works on text the
    /// editor does not have; a change that sends the whole text makes it synchronized again. Throws for an unknown document.
    /// </summary>
    public TextDocument Change(VersionedTextDocumentIdentifier id, IReadOnlyList<TextDocumentContentChangeEvent> changes)
    {
        var current = documents.GetValueOrDefault(id.Uri)
            ?? throw new InvalidOperationException($"didChange for {id.Uri}, which is not open.");
        // From the last change that sends the whole text on, nothing depends on what the server had.
        var whole = changes.Select((c, i) => (c, i)).LastOrDefault(x => x.c.Range is null);
        var basis = whole.c is null ? current : new TextDocument(current.Uri, current.LanguageId, current.Version, whole.c.Text);
        var rest = whole.c is null ? changes : changes.Skip(whole.i + 1).ToList();
        if (basis.Unsynchronized is not null)
        {
            return current;
        }
        string? failure = id.Version <= current.Version
            ? $"a change numbered {id.Version} came after {current.Version}"
            : null;
        TextDocument next = basis;
        if (failure is null)
        {
            try
            {
                next = basis.WithChanges(id.Version, rest);
            }
            catch (ArgumentException e)
            {
                failure = e.Message;
            }
        }
        if (failure is not null)
        {
            var marked = current.MarkUnsynchronized(failure);
            documents[id.Uri] = marked;
            Unsynchronized?.Invoke(marked);
            return marked;
        }
        if (rest.Count == 0 && next.Version != id.Version)
        {
            next = new TextDocument(next.Uri, next.LanguageId, id.Version, next.Text);
        }
        documents[id.Uri] = next;
        Changed?.Invoke(next);
        return next;
    }

    public bool Close(string uri)
    {
        if (!documents.TryRemove(uri, out _))
        {
            return false;
        }
        Closed?.Invoke(uri);
        return true;
    }
}
