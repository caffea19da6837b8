using System.Globalization;
using CodeImprove.History;
using CodeImprove.Memory;
using Microsoft.Extensions.Logging;

namespace CodeImprove.Engine.Sessions;

/// <summary>
/// After a crash, makes the episodes tell what the rollback store knows. An apply interrupted after it wrote every file
/// is completed and its episode accepted; one interrupted before it changed any file is completed as a no-op and its
/// episode cancelled; one that changed some files only is left for the user, who keeps it or undoes it (see
/// <see cref="WorkspaceSession"/>). An episode still pending although its apply completed (a crash between the two writes) is accepted.
/// </summary>
internal static class InterruptedApplies
{
    // Only the newest points can belong to an episode a crash left pending; older ones were reconciled at earlier opens.
    private const int RecentPoints = 20;

    /// <returns>The applies that changed some files only: the user decides.</returns>
    public static async Task<IReadOnlyList<IncompleteApply>> ReconcileAsync(RollbackPointStore history, EpisodeStore memory, ILogger log, CancellationToken cancellationToken)
    {
        var partial = new List<IncompleteApply>();
        foreach (var interrupted in history.IncompleteAtOpen)
        {
            var point = interrupted.Point;
            var states = interrupted.Files.Select(f => f.State).Distinct().ToList();
            if (states is [FileApplyState.After] or [FileApplyState.Before])
            {
                var written = states[0] == FileApplyState.After;
                var completed = await history.AcceptIncompleteAsync(point.Id, cancellationToken);
                log.LogInformation("Reconciled the interrupted apply {Point} of episode {Episode}: {Outcome}", point.Id, point.EpisodeId, written ? "every file had been written" : "no file had changed");
                if (point.Reverts is null && EpisodeOf(point) is { } episode)
                {
                    await (written
                        ? memory.SetDecisionAsync(episode, EpisodeDecision.Accepted, "applied; completed after an interruption", completed.Id, cancellationToken: cancellationToken)
                        : memory.SetDecisionAsync(episode, EpisodeDecision.Cancelled, "the apply was interrupted before any file changed; nothing was applied", cancellationToken: cancellationToken));
                }
                continue;
            }
            partial.Add(interrupted);
        }
        foreach (var point in (await history.ListAsync(cancellationToken)).Take(RecentPoints))
        {
            if (point is { State: PointState.Complete, Reverts: null } && EpisodeOf(point) is { } episode
                && await memory.GetEpisodeAsync(episode, cancellationToken) is { Decision: EpisodeDecision.Pending })
            {
                await memory.SetDecisionAsync(episode, EpisodeDecision.Accepted, "applied; recorded after an interruption", point.Id, cancellationToken: cancellationToken);
                log.LogInformation("Episode {Episode} was applied (point {Point}) but still pending: now accepted", episode, point.Id);
            }
        }
        return partial;
    }

    /// <summary>"the apply of episode 7 was interrupted part way: A.cs (written), B.cs (not written)".</summary>
    public static string Describe(IncompleteApply interrupted) =>
        $"the apply of episode {interrupted.Point.EpisodeId} was interrupted part way: " +
        string.Join(", ", interrupted.Files.Select(f => $"{f.Path} ({f.State switch { FileApplyState.After => "written", FileApplyState.Before => "not written", _ => "changed since" }})"));

    /// <summary>The user kept the files as they are: the point is completed with them and the episode accepted.</summary>
    public static async Task KeepAsync(RollbackPointStore history, EpisodeStore? memory, RollbackPoint point, CancellationToken cancellationToken)
    {
        var completed = await history.AcceptIncompleteAsync(point.Id, cancellationToken);
        if (memory is not null && EpisodeOf(point) is { } episode)
        {
            await memory.SetDecisionAsync(episode, EpisodeDecision.Accepted, "kept as the interrupted apply left it", completed.Id, cancellationToken: cancellationToken);
        }
    }

    /// <summary>The user undid the partial apply (a rollback of its point): the episode is cancelled.</summary>
    public static async Task UndoneAsync(EpisodeStore? memory, RollbackPoint point, CancellationToken cancellationToken)
    {
        if (memory is not null && EpisodeOf(point) is { } episode)
        {
            await memory.SetDecisionAsync(episode, EpisodeDecision.Cancelled, "the interrupted apply was undone", cancellationToken: cancellationToken);
        }
    }

    private static long? EpisodeOf(RollbackPoint point) =>
        long.TryParse(point.EpisodeId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
