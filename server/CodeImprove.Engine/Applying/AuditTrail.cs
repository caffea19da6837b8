using CodeImprove.History;
using CodeImprove.Inference;
using Microsoft.Extensions.Logging;

namespace CodeImprove.Engine.Applying;

/// <summary>
/// The engine's lines of the workspace's audit trail: accepts (with their hunks), rejects and model changes. The history
/// writes the apply and rollback lines itself, before each step; these follow a decision that is already made, so a failed
/// write is logged and does not undo it (<c>codeimprove audit --verify</c> then reports the gap).
/// </summary>
internal sealed class AuditTrail(RollbackPointStore? history, ILogger log)
{
    private string? _lastModel;

    public Task AcceptedAsync(Proposal proposal, string episode, AcceptPlan plan) =>
        AppendAsync(new AuditEntry
        {
            Event = AuditEvents.Accept,
            Episode = episode,
            Point = plan.RollbackPointId,
            Hunks = [.. proposal.Hunks.Where(h => plan.HunkIds.Contains(h.Id)).Select(h => new AuditHunk(h.Id, h.Range.Start.Line, h.OldText, h.NewText))],
        });

    public Task RejectedAsync(string episode, string? reason) =>
        AppendAsync(new AuditEntry { Event = AuditEvents.Reject, Episode = episode, Detail = reason });

    /// <summary>Writes a model line when a run uses another model than the last one the trail names.</summary>
    public async Task ModelUsedAsync(IModel? model)
    {
        if (history is null)
        {
            return;
        }
        var name = model is null ? "none (Roslyn code fixes)" : $"{model.Description.Name} ({model.Description.Device})";
        _lastModel ??= (await history.ReadAuditAsync(verify: false)).Entries.LastOrDefault(e => e.Event == AuditEvents.Model)?.Model ?? "";
        if (_lastModel != name && await AppendAsync(new AuditEntry { Event = AuditEvents.Model, Model = name }))
        {
            _lastModel = name;
        }
    }

    private async Task<bool> AppendAsync(AuditEntry entry)
    {
        if (history is null)
        {
            return false;
        }
        try
        {
            await history.AppendAuditAsync(entry);
            return true;
        }
        catch (Exception e) when (e is HistoryException or IOException or UnauthorizedAccessException)
        {
            log.LogWarning("The audit trail did not get its {Event} line: {Message}", entry.Event, e.Message);
            return false;
        }
    }
}
