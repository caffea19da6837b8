using CodeImprove.History;
using CodeImprove.LanguageServer.Documents;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;
using StreamJsonRpc;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary>
/// <c>codeImprove/rollback</c>: restores the before-bytes of a point. The editor owns open buffers, so when any
/// restored file is open the whole rollback goes through <c>workspace/applyEdit</c> (recorded first, completed
/// when the editor says it applied); otherwise the files are written on disk.
/// </summary>
internal sealed class RollbackHandler(WorkspaceHistory history, DocumentStore documents, ClientConnection client)
    : RequestHandler<RollbackParams, RollbackResponse>
{
    public override string Method => LspMethods.Rollback;

    public override RequestKind Kind => RequestKind.Mutating;

    public override async Task<RollbackResponse> HandleAsync(RollbackParams? request, CancellationToken cancellationToken)
    {
        var mode = request!.Mode?.ToLowerInvariant() switch
        {
            null or "strict" => RollbackMode.Strict,
            "merge" => RollbackMode.Merge,
            "force" => RollbackMode.Force,
            var other => throw new LocalRpcException($"Unknown rollback mode '{other}': use strict, merge or force.") { ErrorCode = LspErrorCodes.InvalidParams },
        };
        try
        {
            var store = await history.GetStoreAsync();
            var openBuffers = history.OpenBuffers(documents);
            var plan = await store.PlanRollbackAsync(request.Target, mode, openBuffers, cancellationToken);
            var openFiles = plan.Restored.Keys.Where(path => openBuffers.ContainsKey(WorkspaceHistory.FullPath(store, path))).ToList();
            if (openFiles.Count == 0)
            {
                var done = await store.RollbackAsync(request.Target, mode, cancellationToken);
                return Response(done.Recorded.Id, done.Plan);
            }
            return Response(await RollBackThroughEditorAsync(store, plan, cancellationToken), plan);
        }
        catch (HistoryException e)
        {
            throw new LocalRpcException(e.Message) { ErrorCode = LspErrorCodes.RequestFailed };
        }
    }

    private async Task<string> RollBackThroughEditorAsync(RollbackPointStore store, RollbackPlan plan, CancellationToken cancellationToken)
    {
        if (plan.Restored.FirstOrDefault(kv => kv.Value is null) is { Key: { } created })
        {
            throw new LocalRpcException($"{created} did not exist before the edit and is open in the editor: close it, then roll back again.") { ErrorCode = LspErrorCodes.RequestFailed };
        }
        var changes = new Dictionary<string, IReadOnlyList<TextEdit>>();
        foreach (var (path, bytes) in plan.Restored)
        {
            var uri = DocumentUris.FromPath(WorkspaceHistory.FullPath(store, path));
            // The plan's current bytes are the open buffer's (or the disk's): replace exactly that whole text.
            var current = new TextDocument(uri, "", 0, plan.Current[path] is { } now ? WorkspaceHistory.BufferText(now) : "");
            var end = current.PositionOf(current.Text.Length);
            changes[uri] = [new TextEdit(new Protocol.Range(new Position(0, 0), end), WorkspaceHistory.BufferText(bytes!))];
        }
        var pointId = await store.BeginRollbackAsync(plan, cancellationToken);
        ApplyWorkspaceEditResult result;
        try
        {
            result = await client.RequestAsync<ApplyWorkspaceEditParams, ApplyWorkspaceEditResult>(
                LspMethods.ApplyEdit, new ApplyWorkspaceEditParams(new WorkspaceEdit(changes)) { Label = $"Roll back {plan.Point.Id}" }, CancellationToken.None);
        }
        catch
        {
            await store.AbandonApplyAsync(pointId, CancellationToken.None);
            throw;
        }
        if (!result.Applied)
        {
            await store.AbandonApplyAsync(pointId, CancellationToken.None);
            throw new LocalRpcException($"The editor did not apply the rollback: {result.FailureReason ?? "no reason given"}.") { ErrorCode = LspErrorCodes.RequestFailed };
        }
        await store.CompleteApplyAsync(pointId, plan.Restored, CancellationToken.None);
        return pointId;
    }

    private static RollbackResponse Response(string pointId, RollbackPlan plan) =>
        new(pointId, [.. plan.Restored.Keys], plan.MergedFiles);
}
