using CodeImprove.Analysis.Text;
using CodeImprove.Engine.Text;

namespace CodeImprove.Engine.Proposals;

/// <summary>
/// Moves a proposal's chosen hunks onto the document as it is now. Changes made since the proposal was computed are
/// found with a line diff; a change touching a chosen hunk makes the proposal stale, any other change only shifts it.
/// </summary>
internal static class ProposalRebase
{
    public static AcceptPlan Plan(OpenProposal open, IReadOnlyList<int>? hunkIds, string currentText, string? rollbackPointId)
    {
        var proposal = open.Proposal;
        var ids = hunkIds is null || hunkIds.Count == 0 ? Enumerable.Range(1, open.Changes.Count).ToList() : hunkIds.Distinct().Order().ToList();
        var unknown = ids.Where(id => id < 1 || id > open.Changes.Count).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidArgumentException($"proposal {proposal.Id} has hunks 1 to {open.Changes.Count}; there is no hunk {string.Join(", ", unknown)}");
        }
        var since = currentText == open.BaseText ? [] : LineDiff.Compute(open.BaseText, currentText);
        var edits = new List<(int Start, int End, string NewText)>();
        foreach (var id in ids)
        {
            var hunk = open.Changes[id - 1];
            var conflict = since.FirstOrDefault(c => c.OldStart <= hunk.OldEnd && hunk.OldStart <= c.OldEnd);
            if (conflict is not null)
            {
                throw new StaleProposalException(
                    $"{Path.GetFileName(proposal.DocumentPath)} changed at line {conflict.OldLine + 1} where hunk {id} of proposal {proposal.Id} edits it; " +
                    "run improve again on the current text");
            }
            var shift = since.Where(c => c.OldEnd <= hunk.OldStart).Sum(c => c.NewText.Length - (c.OldEnd - c.OldStart));
            edits.Add((hunk.OldStart + shift, hunk.OldEnd + shift, hunk.NewText));
        }
        var positions = new TextPositions(currentText);
        var planned = edits.Select(e => new PlannedEdit(positions.Range(e.Start, e.End), e.NewText, e.Start, e.End)).ToList();
        var newText = currentText;
        foreach (var (start, end, text) in edits.OrderByDescending(e => e.Start))
        {
            newText = newText[..start] + text + newText[end..];
        }
        var finalCode = ids.Count == open.Changes.Count ? proposal.ImprovedCode : PartialCode(open, ids);
        return new AcceptPlan(proposal.Id, proposal.DocumentPath, ids, planned, newText, finalCode, rollbackPointId);
    }

    /// <summary>The target region with only the chosen hunks applied (what the user kept, for episode memory).</summary>
    private static string PartialCode(OpenProposal open, IReadOnlyList<int> ids)
    {
        var text = open.BaseText;
        var start = open.Target.Start;
        var end = open.Target.End;
        foreach (var hunk in ids.Select(id => open.Changes[id - 1]).OrderByDescending(h => h.OldStart))
        {
            text = text[..hunk.OldStart] + hunk.NewText + text[hunk.OldEnd..];
            var delta = hunk.NewText.Length - (hunk.OldEnd - hunk.OldStart);
            if (hunk.OldStart < start)
            {
                start = hunk.OldStart; // the hunk holds the target's first line from its start
            }
            end += delta;
        }
        return text[start..Math.Clamp(end, start, text.Length)].Trim();
    }
}
