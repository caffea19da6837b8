using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CodeImprove.Engine.Candidates;

/// <summary>
/// Identifies code by its tokens alone: whitespace, line breaks and comments (trivia) do not change the fingerprint,
/// so a candidate that only reformats the original, or repeats an earlier candidate, is recognised.
/// </summary>
public static class SyntaxFingerprint
{
    public static string Of(string code)
    {
        var tokens = SyntaxFactory.ParseTokens(code).Where(t => !t.IsKind(SyntaxKind.EndOfFileToken));
        var normalized = string.Join('\u001f', tokens.Select(t => t.Text));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)))[..16];
    }
}
