using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodeImprove.Engine.Strategies;

/// <summary>
/// Cheap syntax facts about the code to improve: they set the policy's priors and group past outcomes by kind of code.
/// </summary>
public sealed record CodeFeatures(
    int Diagnostics,
    int CyclomaticComplexity,
    int MaxNesting,
    int Loops,
    bool NestedLoops,
    bool AllocatesInLoop,
    bool IsRecursive)
{
    /// <summary>No code in particular: the beliefs for code in general (e.g. `episodes --stats`).</summary>
    public static CodeFeatures None { get; } = new(0, 0, 0, 0, false, false, false);

    /// <summary>A coarse bucket: past episodes with the same key count as evidence for this code.</summary>
    public string Key => string.Join(',', new[]
    {
        Diagnostics > 0 ? "diagnostics" : null,
        CyclomaticComplexity >= 6 || MaxNesting >= 3 ? "complex" : null,
        Loops > 0 ? "loops" : null,
        NestedLoops ? "nested" : null,
        AllocatesInLoop ? "allocates" : null,
        IsRecursive ? "recursive" : null,
    }.OfType<string>().DefaultIfEmpty("plain"));

    /// <summary>Features of a member or statements (parsed alone); <paramref name="diagnostics"/> comes from the analysis.</summary>
    public static CodeFeatures Of(string code, int diagnostics = 0, int cyclomaticComplexity = 0, int maxNesting = 0)
    {
        var root = ParseAny(code);
        var loops = root.DescendantNodes().Where(IsLoop).ToList();
        var name = root.DescendantNodesAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault()?.Identifier.ValueText;
        var recursive = name is not null && root.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(i => i.Expression switch
        {
            IdentifierNameSyntax id => id.Identifier.ValueText == name,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } m => m.Name.Identifier.ValueText == name,
            _ => false,
        });
        var allocates = loops.Any(loop => loop.DescendantNodes().Any(n =>
            n is BaseObjectCreationExpressionSyntax or ArrayCreationExpressionSyntax
            || n is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.AddAssignmentExpression }
            || (n is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax m } && m.Name.Identifier.ValueText is "ToList" or "ToArray")));
        return new CodeFeatures(
            diagnostics,
            cyclomaticComplexity,
            maxNesting,
            loops.Count,
            loops.Any(l => l.Ancestors().Any(IsLoop)),
            allocates,
            recursive);
    }

    private static bool IsLoop(SyntaxNode node) =>
        node is ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax;

    private static SyntaxNode ParseAny(string code) =>
        SyntaxFactory.ParseMemberDeclaration(code) is { } member && member.FullSpan.Length >= code.TrimEnd().Length
            ? member
            : SyntaxFactory.ParseStatement("{" + code + "}");
}
