using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CodeImprove.Analysis.Metrics;

/// <summary>A member with a body, as metrics and code actions see it.</summary>
internal sealed record MemberWithBody(SyntaxNode Node, string Name, string Kind, SyntaxToken NameToken);

/// <summary>Finds the members with bodies in a syntax tree and names them the same way every time.</summary>
internal static class MemberLocator
{
    public static IEnumerable<MemberWithBody> MembersOf(SyntaxNode root) =>
        root.DescendantNodes(descendIntoChildren: n => !IsMemberWithBody(n))
            .Select(Describe)
            .OfType<MemberWithBody>();

    /// <summary>The innermost member with a body whose declaration contains the span, or null.</summary>
    public static MemberWithBody? Enclosing(SyntaxNode root, TextSpan span)
    {
        var node = root.FindNode(span, getInnermostNodeForTie: true);
        MemberWithBody? found = null;
        for (var current = node; current is not null; current = current.Parent)
        {
            // Keep climbing: a local function or lambda belongs to the outer member.
            if (Describe(current) is { } member)
            {
                found = member;
            }
        }
        return found;
    }

    /// <summary>The property, indexer or event around the span whose accessors have bodies (they are the members with bodies), or null.</summary>
    public static MemberWithBody? PropertyAt(SyntaxNode root, TextSpan span) =>
        root.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<BasePropertyDeclarationSyntax>()
            .FirstOrDefault(p => p.AccessorList?.Accessors.Any(IsMemberWithBody) == true) is { } property ? AsProperty(property) : null;

    /// <summary>The property, indexer or event an accessor belongs to, named and kinded as a member of its own.</summary>
    public static MemberWithBody? PropertyOf(AccessorDeclarationSyntax accessor) =>
        accessor.Parent?.Parent is BasePropertyDeclarationSyntax property ? AsProperty(property) : null;

    private static MemberWithBody AsProperty(BasePropertyDeclarationSyntax property) => property switch
    {
        PropertyDeclarationSyntax p => Make(p, p.Identifier.ValueText, "property", p.Identifier),
        IndexerDeclarationSyntax i => Make(i, "this" + i.ParameterList, "property", i.ThisKeyword),
        EventDeclarationSyntax e => Make(e, e.Identifier.ValueText, "event", e.Identifier),
        _ => Make(property, PropertyName(property), "property", property.GetFirstToken()),
    };

    private static bool IsMemberWithBody(SyntaxNode node) => node switch
    {
        BaseMethodDeclarationSyntax m => m.Body is not null || m.ExpressionBody is not null,
        AccessorDeclarationSyntax a => a.Body is not null || a.ExpressionBody is not null,
        BasePropertyDeclarationSyntax p => p is PropertyDeclarationSyntax { ExpressionBody: not null } or IndexerDeclarationSyntax { ExpressionBody: not null },
        _ => false,
    };

    private static MemberWithBody? Describe(SyntaxNode node)
    {
        if (!IsMemberWithBody(node))
        {
            return null;
        }
        return node switch
        {
            MethodDeclarationSyntax m => Make(m, m.Identifier.ValueText + m.TypeParameterList?.ToString() + Parameters(m.ParameterList), "method", m.Identifier),
            ConstructorDeclarationSyntax c => Make(c, c.Identifier.ValueText + Parameters(c.ParameterList), "constructor", c.Identifier),
            DestructorDeclarationSyntax d => Make(d, "~" + d.Identifier.ValueText + "()", "destructor", d.Identifier),
            OperatorDeclarationSyntax o => Make(o, "operator " + o.OperatorToken.Text + Parameters(o.ParameterList), "operator", o.OperatorToken),
            ConversionOperatorDeclarationSyntax c => Make(c, c.ImplicitOrExplicitKeyword.Text + " operator " + c.Type + Parameters(c.ParameterList), "conversion", c.Type.GetFirstToken()),
            AccessorDeclarationSyntax a => Make(a, PropertyName(a.Parent?.Parent) + "." + a.Keyword.Text, a.Keyword.Text, a.Keyword),
            PropertyDeclarationSyntax p => Make(p, p.Identifier.ValueText, "property", p.Identifier),
            IndexerDeclarationSyntax i => Make(i, "this" + i.ParameterList, "property", i.ThisKeyword),
            _ => null,
        };
    }

    private static MemberWithBody Make(SyntaxNode node, string name, string kind, SyntaxToken nameToken) =>
        new(node, Qualify(node, name), kind, nameToken);

    private static string PropertyName(SyntaxNode? property) => property switch
    {
        PropertyDeclarationSyntax p => p.Identifier.ValueText,
        IndexerDeclarationSyntax i => "this" + i.ParameterList,
        EventDeclarationSyntax e => e.Identifier.ValueText,
        _ => "?",
    };

    private static string Parameters(BaseParameterListSyntax list) =>
        "(" + string.Join(", ", list.Parameters.Select(p => p.Type?.ToString() ?? p.Identifier.ValueText)) + ")";

    private static string Qualify(SyntaxNode node, string name)
    {
        var types = node.Ancestors().OfType<BaseTypeDeclarationSyntax>().Select(t => t.Identifier.ValueText).Reverse();
        return string.Join('.', types.Append(name));
    }
}
