namespace CodeImprove.Engine.Tests;

/// <summary>
/// Test double for the editor (the language server's <see cref="IEditorBuffers"/> over a real client): open buffers held
/// in memory; an edit is applied to the buffer as an editor would, or refused when <see cref="Refuse"/> says so.
/// </summary>
internal sealed class EditorDouble : IEditorBuffers
{
    public Dictionary<string, string> Buffers { get; } = new(StringComparer.Ordinal);

    public string? Refuse { get; set; }

    public int Applies { get; private set; }

    public string? OpenText(string path) => Buffers.GetValueOrDefault(Path.GetFullPath(path));

    public IReadOnlyCollection<string> OpenPaths => Buffers.Keys;

    public Task<EditorApplyResult> ApplyAsync(IReadOnlyDictionary<string, IReadOnlyList<PlannedEdit>> edits, string label, CancellationToken cancellationToken)
    {
        Applies++;
        if (Refuse is { } reason)
        {
            return Task.FromResult(new EditorApplyResult(false, reason));
        }
        foreach (var (path, fileEdits) in edits)
        {
            var text = Buffers[path];
            foreach (var edit in fileEdits.OrderByDescending(e => e.Start))
            {
                text = text[..edit.Start] + edit.NewText + text[edit.End..];
            }
            Buffers[path] = text;
        }
        return Task.FromResult(new EditorApplyResult(true));
    }
}
