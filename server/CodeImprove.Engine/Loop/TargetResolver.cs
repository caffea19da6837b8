using CodeImprove.Analysis;
using CodeImprove.Analysis.CodeActions;
using CodeImprove.Engine.Candidates;
using CodeImprove.Engine.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodeImprove.Engine.Loop;

/// <summary>Turns the request's cursor or selection into the region to rewrite, using the analysis room's target finder.</summary>
internal static class TargetResolver
{
    public static async Task<(CodeTarget Target, SyntaxNode Root)> ResolveAsync(AnalysisSnapshot analysis, ImproveRequest request, CancellationToken cancellationToken)
    {
        var targets = await analysis.FindImproveTargetsAsync(request.DocumentPath, request.Span, cancellationToken);
        var chosen = targets.FirstOrDefault(t => t.Kind == ImproveTargetKind.Selection) ?? targets.FirstOrDefault()
            ?? throw new EngineException($"there is no method, constructor, accessor or operator with a body at line {request.Span.Start.Line + 1} of {Path.GetFileName(request.DocumentPath)}");
        var positions = new TextPositions(request.Text);
        var start = positions.Offset(chosen.Range.Start);
        var end = positions.Offset(chosen.Range.End);
        var root = CSharpSyntaxTree.ParseText(request.Text, cancellationToken: cancellationToken).GetRoot(cancellationToken);
        if (chosen.Kind == ImproveTargetKind.Selection)
        {
            return (new CodeTarget(false, SyntaxKind.None, chosen.Name, chosen.Range, start, request.Text[start..end]), root);
        }
        var node = root.FindNode(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(start, end)).AncestorsAndSelf()
            .FirstOrDefault(n => n.Span.Start == start && n.Span.End == end && n is MemberDeclarationSyntax or AccessorDeclarationSyntax);
        if (node is not MemberDeclarationSyntax member)
        {
            throw new EngineException($"{chosen.Name} is a single accessor; select the statements inside it, or improve the whole property");
        }
        return (new CodeTarget(true, member.Kind(), chosen.Name, chosen.Range, start, request.Text[start..end]), root);
    }
}
