using CodeImprove.Engine;
using CodeImprove.LanguageServer.Conversions;
using CodeImprove.LanguageServer.Documents;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Services;

/// <summary>The editor's open documents for the engine: their text from the document store, edits through <c>workspace/applyEdit</c>.</summary>
public sealed class EditorBuffers(DocumentStore documents, ClientConnection client) : IEditorBuffers
{
    public string? OpenText(string path) => documents.Get(DocumentUris.FromPath(path))?.Text;

    public IReadOnlyCollection<string> OpenPaths => [.. documents.All.Select(d => DocumentUris.ToPath(d.Uri))];

    public async Task<EditorApplyResult> ApplyAsync(IReadOnlyDictionary<string, IReadOnlyList<PlannedEdit>> edits, string label, CancellationToken cancellationToken)
    {
        var changes = edits.ToDictionary(
            kv => DocumentUris.FromPath(kv.Key),
            kv => (IReadOnlyList<TextEdit>)[.. kv.Value.Select(e => new TextEdit(AnalysisConversions.ToLsp(e.Range), e.NewText))]);
        var result = await client.RequestAsync<ApplyWorkspaceEditParams, ApplyWorkspaceEditResult>(
            LspMethods.ApplyEdit, new ApplyWorkspaceEditParams(new WorkspaceEdit(changes)) { Label = label }, cancellationToken);
        return new EditorApplyResult(result.Applied, result.FailureReason);
    }
}
