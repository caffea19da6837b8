using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodeImprove.Engine.Prompts;

/// <summary>
/// The outline of the type around the target: its header and the other members' signatures without bodies, so the
/// model knows what it may call without seeing (and spending tokens on) their code.
/// </summary>
internal static class TypeSignatures
{
    private const int MaxMembers = 40;

    public static IReadOnlyList<string> Around(SyntaxNode root, int targetStart, int targetEnd)
    {
        var type = root.FindToken(targetStart).Parent?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault();
        if (type is null)
        {
            return [];
        }
        var header = type.WithMembers([]).WithAttributeLists([]).WithOpenBraceToken(default).WithCloseBraceToken(default)
            .WithSemicolonToken(default).WithoutTrivia().NormalizeWhitespace().ToString();
        var members = type.Members
            .Where(m => m.Span.End <= targetStart || m.SpanStart >= targetEnd)
            .Select(Signature)
            .OfType<string>()
            .Take(MaxMembers);
        return [header, .. members.Select(m => "    " + m)];
    }

    private static string? Signature(MemberDeclarationSyntax member) => member switch
    {
        BaseMethodDeclarationSyntax m => Flat(m.WithBody(null).WithExpressionBody(null).WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken))),
        PropertyDeclarationSyntax p => $"{Flat(p.WithAccessorList(null).WithExpressionBody(null).WithInitializer(null).WithSemicolonToken(default))} {{ {Accessors(p.AccessorList)} }}",
        BaseFieldDeclarationSyntax f => Flat(f),
        _ => null, // nested types and events: rarely needed to rewrite one member
    };

    private static string Accessors(AccessorListSyntax? list) =>
        list is null ? "get;" : string.Join(' ', list.Accessors.Select(a => $"{a.Modifiers} {a.Keyword.Text};".TrimStart()));

    private static string Flat(SyntaxNode node) => node is MemberDeclarationSyntax member
        ? member.WithAttributeLists([]).WithoutTrivia().NormalizeWhitespace(eol: " ").ToString()
        : node.WithoutTrivia().NormalizeWhitespace(eol: " ").ToString();
}
