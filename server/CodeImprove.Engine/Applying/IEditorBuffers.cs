namespace CodeImprove.Engine;

/// <summary>
/// The editor's open documents, as the engine may see and change them. The editor owns an open buffer: an edit to it
/// goes through the editor (in LSP, <c>workspace/applyEdit</c>), never to the disk under it. The language server implements
/// this; the CLI has no editor.
/// </summary>
public interface IEditorBuffers
{
    /// <summary>The buffer text of the document at <paramref name="path"/> when it is open, else null.</summary>
    string? OpenText(string path);

    /// <summary>The absolute paths of the open documents.</summary>
    IReadOnlyCollection<string> OpenPaths { get; }

    /// <summary>Asks the editor to apply the edits (per absolute path, in the buffer's current coordinates).</summary>
    Task<EditorApplyResult> ApplyAsync(IReadOnlyDictionary<string, IReadOnlyList<PlannedEdit>> edits, string label, CancellationToken cancellationToken);
}

/// <summary>Whether the editor applied an edit, and its reason when it did not.</summary>
public sealed record EditorApplyResult(bool Applied, string? FailureReason = null);
