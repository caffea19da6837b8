using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CodeImprove.Analysis.Metrics;

/// <summary>
/// Halstead volume V = N log2(n) over a member's tokens: operands are identifiers and literals (by text),
/// operators are every other token (keywords, punctuation, by kind).
/// </summary>
internal static class Halstead
{
    public static double Volume(SyntaxNode member)
    {
        var operators = new HashSet<SyntaxKind>();
        var operands = new HashSet<string>(StringComparer.Ordinal);
        var total = 0;
        foreach (var token in member.DescendantTokens())
        {
            if (token.IsMissing || token.Span.IsEmpty)
            {
                continue;
            }
            total++;
            if (IsOperand(token))
            {
                operands.Add(token.ValueText);
            }
            else
            {
                operators.Add(token.Kind());
            }
        }
        var vocabulary = operators.Count + operands.Count;
        return vocabulary < 2 ? total : total * Math.Log2(vocabulary);
    }

    private static bool IsOperand(SyntaxToken token) => token.Kind() switch
    {
        SyntaxKind.IdentifierToken or SyntaxKind.NumericLiteralToken or SyntaxKind.StringLiteralToken
            or SyntaxKind.CharacterLiteralToken or SyntaxKind.InterpolatedStringTextToken or SyntaxKind.Utf8StringLiteralToken
            or SyntaxKind.SingleLineRawStringLiteralToken or SyntaxKind.MultiLineRawStringLiteralToken
            or SyntaxKind.Utf8SingleLineRawStringLiteralToken or SyntaxKind.Utf8MultiLineRawStringLiteralToken
            or SyntaxKind.TrueKeyword or SyntaxKind.FalseKeyword or SyntaxKind.NullKeyword => true,
        _ => false,
    };
}
