using CodeImprove.Analysis.Metrics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CodeImprove.Analysis.CodeActions;

/// <summary>Finds the member (and, for a selection, the statements) a code action request points at.</summary>
internal static class ImproveTargetFinder
{
    /// <remarks>
    /// An accessor is improved with its property (an accessor alone cannot be rewritten as a member), and so is the line of
    /// a property whose accessors have bodies; a selection inside an accessor still targets its statements.
    /// </remarks>
    public static IReadOnlyList<ImproveTarget> Find(SyntaxNode root, SourceText text, TextSpan span)
    {
        var member = MemberLocator.Enclosing(root, span) ?? MemberLocator.PropertyAt(root, span);
        if (member is null)
        {
            return [];
        }
        var whole = member.Node is AccessorDeclarationSyntax accessor && MemberLocator.PropertyOf(accessor) is { } property ? property : member;
        var nameRange = SourceRange.From(text, whole.NameToken.Span);
        var targets = new List<ImproveTarget>
        {
            new(ImproveTargetKind.Member, whole.Name, whole.Kind, SourceRange.From(text, whole.Node.Span), nameRange),
        };
        if (SelectedStatements(member.Node, span) is { } selected)
        {
            targets.Add(new ImproveTarget(ImproveTargetKind.Selection, member.Name, member.Kind, SourceRange.From(text, selected), nameRange));
        }
        return targets;
    }

    /// <summary>The span of the sibling statements a non-empty selection touches, when it lies inside one block of the member.</summary>
    private static TextSpan? SelectedStatements(SyntaxNode member, TextSpan span)
    {
        if (span.IsEmpty || !member.Span.Contains(span))
        {
            return null;
        }
        var node = member.FindNode(span, getInnermostNodeForTie: true);
        // Climb to the innermost block (or switch section) whose statements the selection touches.
        for (var current = node; current is not null && current != member.Parent; current = current.Parent)
        {
            var statements = current switch
            {
                BlockSyntax b => b.Statements,
                SwitchSectionSyntax s => s.Statements,
                _ => default(SyntaxList<StatementSyntax>?),
            };
            var touched = statements?.Where(s => s.Span.OverlapsWith(span) || span.Contains(s.Span)).ToList();
            if (touched is { Count: > 0 })
            {
                return TextSpan.FromBounds(touched[0].SpanStart, touched[^1].Span.End);
            }
        }
        return null;
    }
}
