using CodeImprove.History;

namespace CodeImprove.Engine.Applying;

/// <summary>
/// The one way a change reaches an open document, for accept and rollback alike: record the rollback point, ask the
/// editor, then complete the point when it applied or abandon it when it refused (or the request failed). Closed files
/// are written by <see cref="RollbackPointStore"/> itself, which records, writes and completes in one step.
/// </summary>
internal sealed class EditApplier(RollbackPointStore history, IEditorBuffers editor)
{
    /// <param name="begin">Records the point (an apply or a rollback) and returns its id.</param>
    /// <param name="after">The bytes each file has once the editor applied the edits (see <see cref="TextFile.BufferBytes"/>).</param>
    /// <returns>The completed point's id, or the editor's reason for refusing.</returns>
    public async Task<(string? PointId, string? Refusal)> ApplyAsync(Func<Task<string>> begin, IReadOnlyDictionary<string, IReadOnlyList<PlannedEdit>> edits,
        IReadOnlyDictionary<string, byte[]?> after, string label)
    {
        var pointId = await begin();
        EditorApplyResult result;
        try
        {
            result = await editor.ApplyAsync(edits, label, CancellationToken.None);
        }
        catch
        {
            await history.AbandonApplyAsync(pointId, CancellationToken.None);
            throw;
        }
        if (!result.Applied)
        {
            await history.AbandonApplyAsync(pointId, CancellationToken.None);
            return (null, result.FailureReason ?? "no reason given");
        }
        await history.CompleteApplyAsync(pointId, after, CancellationToken.None);
        return (pointId, null);
    }
}
