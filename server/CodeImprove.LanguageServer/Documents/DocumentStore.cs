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

    /// <summary>Applies incremental or full changes. Throws for an unknown document or an out-of-order version.</summary>
    public TextDocument Change(VersionedTextDocumentIdentifier id, IReadOnlyList<TextDocumentContentChangeEvent> changes)
    {
        var current = documents.GetValueOrDefault(id.Uri)
            ?? throw new InvalidOperationException($"didChange for {id.Uri}, which is not open.");
        if (id.Version <= current.Version)
        {
            throw new InvalidOperationException($"didChange for {id.Uri} has version {id.Version}, not after the current {current.Version}; change ignored.");
        }
        var next = current.WithChanges(id.Version, changes);
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
