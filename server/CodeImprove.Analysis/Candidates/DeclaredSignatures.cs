using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CodeImprove.Analysis.Candidates;

/// <summary>A declaration a region touches: its display string, its name, and whether code outside the assembly sees it.</summary>
internal sealed record DeclaredSignature(string Display, string Name, bool IsVisibleOutside);

/// <summary>The declarations (types, members, fields) a region touches, as comparable display strings.</summary>
internal static class DeclaredSignatures
{
    private static readonly SymbolDisplayFormat Format = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters | SymbolDisplayGenericsOptions.IncludeTypeConstraints | SymbolDisplayGenericsOptions.IncludeVariance,
        memberOptions: SymbolDisplayMemberOptions.IncludeAccessibility | SymbolDisplayMemberOptions.IncludeContainingType
            | SymbolDisplayMemberOptions.IncludeModifiers | SymbolDisplayMemberOptions.IncludeParameters | SymbolDisplayMemberOptions.IncludeType
            | SymbolDisplayMemberOptions.IncludeRef | SymbolDisplayMemberOptions.IncludeConstantValue | SymbolDisplayMemberOptions.IncludeExplicitInterface,
        parameterOptions: SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeName
            | SymbolDisplayParameterOptions.IncludeParamsRefOut | SymbolDisplayParameterOptions.IncludeDefaultValue
            | SymbolDisplayParameterOptions.IncludeExtensionThis | SymbolDisplayParameterOptions.IncludeOptionalBrackets,
        propertyStyle: SymbolDisplayPropertyStyle.ShowReadWriteDescriptor,
        kindOptions: SymbolDisplayKindOptions.IncludeTypeKeyword | SymbolDisplayKindOptions.IncludeMemberKeyword,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static IReadOnlyList<DeclaredSignature> Of(SemanticModel model, TextSpan region, CancellationToken cancellationToken)
    {
        var root = model.SyntaxTree.GetRoot(cancellationToken);
        bool Touches(SyntaxNode n) => n.Span.IntersectsWith(region) || n.Span.Start == region.End;
        return root.DescendantNodes(Touches)
            .Where(Touches)
            .SelectMany(node => DeclaredBy(model, node, cancellationToken))
            .Select(symbol => new DeclaredSignature(symbol.ToDisplayString(Format), symbol.Name, IsVisibleOutside(symbol)))
            .Distinct()
            .OrderBy(s => s.Display, StringComparer.Ordinal)
            .ToList();
    }

    private static IEnumerable<ISymbol> DeclaredBy(SemanticModel model, SyntaxNode node, CancellationToken cancellationToken) => node switch
    {
        BaseFieldDeclarationSyntax field => field.Declaration.Variables.Select(v => model.GetDeclaredSymbol(v, cancellationToken)).OfType<ISymbol>(),
        MemberDeclarationSyntax or AccessorDeclarationSyntax => model.GetDeclaredSymbol(node, cancellationToken) is { } symbol && symbol is not INamespaceSymbol ? [symbol] : [],
        _ => [],
    };

    private static bool IsVisibleOutside(ISymbol symbol)
    {
        for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
        {
            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }
        return true;
    }
}
