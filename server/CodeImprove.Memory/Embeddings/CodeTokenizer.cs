using System.Text.RegularExpressions;

namespace CodeImprove.Memory.Embeddings;

/// <summary>Splits code into lower-case word tokens: identifiers broken at case changes, underscores and digits.</summary>
internal static partial class CodeTokenizer
{
    public static List<string> Tokenize(string code)
    {
        var tokens = new List<string>();
        foreach (var identifier in IdentifierPattern().EnumerateMatches(code))
        {
            foreach (var part in WordPattern().EnumerateMatches(code.AsSpan(identifier.Index, identifier.Length)))
            {
                tokens.Add(code.Substring(identifier.Index + part.Index, part.Length).ToLowerInvariant());
            }
        }
        return tokens;
    }

    [GeneratedRegex(@"[\p{L}_][\p{L}\p{Nd}_]*|\p{Nd}+")]
    private static partial Regex IdentifierPattern();

    // Within an identifier: an acronym not followed by a lower-case letter ("HTTP" in "HTTPResponse"),
    // a capitalised or lower-case word ("Response", "parse"), or a number.
    [GeneratedRegex(@"\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|\p{Lo}+|\p{Nd}+")]
    private static partial Regex WordPattern();
}
