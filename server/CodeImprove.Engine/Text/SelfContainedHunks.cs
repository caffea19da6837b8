using CodeImprove.Analysis.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CodeImprove.Engine.Text;

/// <summary>
/// Groups a proposal's line changes into hunks that can each be accepted alone. A line diff splits one edit that
/// touches distant lines (braces added around a statement, a block moved) into pieces that do not parse on their own;
/// such pieces are joined with the following ones until the group, applied alone to the original, adds no syntax error.
/// </summary>
internal static class SelfContainedHunks
{
    public static IReadOnlyList<IReadOnlyList<LineChange>> Group(string oldText, IReadOnlyList<LineChange> changes)
    {
        var baseErrors = SyntaxErrors(oldText);
        var groups = new List<IReadOnlyList<LineChange>>();
        var pending = new List<LineChange>();
        foreach (var change in changes)
        {
            pending.Add(change);
            if (SyntaxErrors(Apply(oldText, pending)) <= baseErrors)
            {
                groups.Add([.. pending]);
                pending.Clear();
            }
        }
        if (pending.Count > 0)
        {
            // The tail never parsed alone: it joins the group before it (all changes together are the checked candidate).
            if (groups.Count > 0)
            {
                pending.InsertRange(0, groups[^1]);
                groups.RemoveAt(groups.Count - 1);
            }
            groups.Add([.. pending]);
        }
        return groups;
    }

    /// <summary>One change covering a group: from its first old line to its last, with the unchanged lines between kept.</summary>
    public static LineChange Merge(string oldText, IReadOnlyList<LineChange> group)
    {
        if (group.Count == 1)
        {
            return group[0];
        }
        var first = group[0];
        var last = group[^1];
        var newText = new System.Text.StringBuilder();
        var position = first.OldStart;
        foreach (var change in group)
        {
            newText.Append(oldText, position, change.OldStart - position).Append(change.NewText);
            position = change.OldEnd;
        }
        return new LineChange(
            first.OldStart, last.OldEnd, first.OldLine, last.OldLine + last.OldLineCount - first.OldLine,
            first.NewLine, last.NewLine + last.NewLineCount - first.NewLine, oldText[first.OldStart..last.OldEnd], newText.ToString());
    }

    private static string Apply(string oldText, IReadOnlyList<LineChange> changes)
    {
        var text = oldText;
        foreach (var change in changes.OrderByDescending(c => c.OldStart))
        {
            text = text[..change.OldStart] + change.NewText + text[change.OldEnd..];
        }
        return text;
    }

    private static int SyntaxErrors(string text) =>
        CSharpSyntaxTree.ParseText(text).GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
}
