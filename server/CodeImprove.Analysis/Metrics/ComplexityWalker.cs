using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodeImprove.Analysis.Metrics;

/// <summary>Cyclomatic complexity and nesting depth from syntax (decision points and nested control statements).</summary>
internal static class ComplexityWalker
{
    /// <summary>1 + the number of decision points: branches, loops, case labels, catch clauses, short-circuit and null-coalescing operators.</summary>
    public static int CyclomaticComplexity(SyntaxNode member) =>
        1 + member.DescendantNodes().Count(IsDecisionPoint);

    /// <summary>Deepest nesting of control statements; an `else if` chain stays at its `if`'s level.</summary>
    public static int MaxNestingDepth(SyntaxNode member) => Depth(member, 0);

    private static bool IsDecisionPoint(SyntaxNode node) => node.Kind() switch
    {
        SyntaxKind.IfStatement or SyntaxKind.WhileStatement or SyntaxKind.DoStatement or SyntaxKind.ForStatement
            or SyntaxKind.ForEachStatement or SyntaxKind.ForEachVariableStatement or SyntaxKind.CatchClause
            or SyntaxKind.CaseSwitchLabel or SyntaxKind.CasePatternSwitchLabel or SyntaxKind.ConditionalExpression
            or SyntaxKind.LogicalAndExpression or SyntaxKind.LogicalOrExpression or SyntaxKind.CoalesceExpression
            or SyntaxKind.CoalesceAssignmentExpression or SyntaxKind.ConditionalAccessExpression
            or SyntaxKind.AndPattern or SyntaxKind.OrPattern => true,
        SyntaxKind.SwitchExpressionArm => ((SwitchExpressionArmSyntax)node).Pattern is not DiscardPatternSyntax,
        _ => false,
    };

    private static int Depth(SyntaxNode node, int depth)
    {
        var max = depth;
        foreach (var child in node.ChildNodes())
        {
            var childDepth = OpensLevel(child) ? depth + 1 : depth;
            max = Math.Max(max, Math.Max(childDepth, Depth(child, childDepth)));
        }
        return max;
    }

    private static bool OpensLevel(SyntaxNode node) => node switch
    {
        IfStatementSyntax { Parent: ElseClauseSyntax } => false,
        IfStatementSyntax or WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax
            or SwitchStatementSyntax or TryStatementSyntax or LockStatementSyntax or UsingStatementSyntax or FixedStatementSyntax => true,
        _ => false,
    };
}
