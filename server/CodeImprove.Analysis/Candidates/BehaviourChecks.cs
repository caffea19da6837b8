using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodeImprove.Analysis.Candidates;

public enum BehaviourChangeKind
{
    /// <summary>A call written the same way binds to another overload.</summary>
    Overload,

    /// <summary>Throws or calls both versions make run in another order.</summary>
    EvaluationOrder,
}

/// <summary>A sign that a candidate may not do what the original did.</summary>
public sealed record BehaviourChange(BehaviourChangeKind Kind, string Message);

/// <summary>
/// Signs that a rewrite may not do the same thing, found by comparing the original members with the candidate's
/// (nothing runs): a call written the same way that now binds to another overload (a collection expression turning a
/// <c>char[]</c> argument into a span), and throws or calls that both have, now in another order (a null check moved
/// below the checks of the other arguments). Order is the order of the text, a proxy for straight-line code.
/// </summary>
internal static class BehaviourChecks
{
    public static IReadOnlyList<BehaviourChange> Compare(SemanticModel oldModel, IEnumerable<SyntaxNode> oldMembers, SemanticModel newModel, IEnumerable<SyntaxNode> newMembers, CancellationToken cancellationToken)
    {
        var oldNodes = oldMembers.SelectMany(m => m.DescendantNodesAndSelf()).ToList();
        var newNodes = newMembers.SelectMany(m => m.DescendantNodesAndSelf()).ToList();
        return [.. OverloadChanges(oldModel, oldNodes, newModel, newNodes, cancellationToken), .. OrderChanges(oldNodes, newNodes)];
    }

    private static IEnumerable<BehaviourChange> OverloadChanges(SemanticModel oldModel, List<SyntaxNode> oldNodes, SemanticModel newModel, List<SyntaxNode> newNodes, CancellationToken cancellationToken)
    {
        var before = Calls(oldModel, oldNodes, cancellationToken);
        var after = Calls(newModel, newNodes, cancellationToken);
        foreach (var (call, targets) in after)
        {
            if (before.TryGetValue(call, out var old) && !targets.SetEquals(old))
            {
                yield return new BehaviourChange(BehaviourChangeKind.Overload, $"'{call}' now calls {string.Join(" or ", targets.Except(old))} instead of {string.Join(" or ", old.Except(targets))}");
            }
        }
    }

    /// <summary>Calls by how they are written (receiver and name), with the methods they bind to.</summary>
    private static Dictionary<string, HashSet<string>> Calls(SemanticModel model, List<SyntaxNode> nodes, CancellationToken cancellationToken)
    {
        var calls = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            var written = node switch
            {
                InvocationExpressionSyntax i => Compact(i.Expression),
                BaseObjectCreationExpressionSyntax c => "new " + (c is ObjectCreationExpressionSyntax o ? Compact(o.Type) : model.GetTypeInfo(c, cancellationToken).Type?.ToDisplayString()),
                _ => null,
            };
            if (written is not null && model.GetSymbolInfo(node, cancellationToken).Symbol is IMethodSymbol method)
            {
                if (!calls.TryGetValue(written, out var targets))
                {
                    calls[written] = targets = new HashSet<string>(StringComparer.Ordinal);
                }
                targets.Add(method.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat));
            }
        }
        return calls;
    }

    private static IEnumerable<BehaviourChange> OrderChanges(List<SyntaxNode> oldNodes, List<SyntaxNode> newNodes)
    {
        var before = Effects(oldNodes);
        var after = Effects(newNodes);
        var common = before.Intersect(after).ToHashSet(StringComparer.Ordinal);
        var oldOrder = before.Where(common.Contains).ToList();
        var newOrder = after.Where(common.Contains).ToList();
        for (var i = 0; i < oldOrder.Count; i++)
        {
            if (oldOrder[i] != newOrder[i])
            {
                // The first effect that moved: what now comes before it that came after it.
                var moved = oldOrder[i];
                var overtaker = newOrder.TakeWhile(e => e != moved).First(e => oldOrder.IndexOf(e) > i);
                yield return new BehaviourChange(BehaviourChangeKind.EvaluationOrder, $"'{moved}' now runs after '{overtaker}'");
                yield break;
            }
        }
    }

    /// <summary>Throws and calls in the order of the text, each written once (repeats keep their first place).</summary>
    private static List<string> Effects(List<SyntaxNode> nodes) =>
        nodes.OrderBy(n => n.SpanStart)
            .Select(n => n switch
            {
                ThrowStatementSyntax { Expression: { } e } => "throw " + Compact(e),
                ThrowExpressionSyntax t => "throw " + Compact(t.Expression),
                InvocationExpressionSyntax i when !i.Ancestors().Any(a => a is ThrowStatementSyntax or ThrowExpressionSyntax) => Compact(i),
                _ => null,
            })
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>The node's text without trivia, so formatting differences do not count.</summary>
    private static string Compact(SyntaxNode node) => node.WithoutTrivia().NormalizeWhitespace().ToString();
}
