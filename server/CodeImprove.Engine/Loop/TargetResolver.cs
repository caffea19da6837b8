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
        // Parsed as the project that compiles the target does, so a member inside #if is found as code.
        var root = await analysis.GetSyntaxRootAsync(request.DocumentPath, chosen.Range.Start, cancellationToken);
        if (chosen.Kind == ImproveTargetKind.Selection)
        {
            return (new CodeTarget(false, SyntaxKind.None, chosen.Name, chosen.Range, start, request.Text[start..end]), root);
        }
        var node = root.FindNode(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(start, end)).AncestorsAndSelf()
            .FirstOrDefault(n => n.Span.Start == start && n.Span.End == end && n is MemberDeclarationSyntax or AccessorDeclarationSyntax);
        if (node is not MemberDeclarationSyntax member)
        {
            throw new EngineException($"{chosen.Name} at line {chosen.Range.Start.Line + 1} cannot be rewritten as a whole member; select the statements inside it");
        }
        return (new CodeTarget(true, member.Kind(), chosen.Name, chosen.Range, start, request.Text[start..end]), root);
    }
}
