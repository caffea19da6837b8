using System.Text.RegularExpressions;

namespace CodeImprove.Memory.Embeddings;

/// <summary>
/// Splits code into lower-case word tokens (identifiers broken at case changes, underscores and digits) and into the
/// kinds of its tokens (<see cref="Kinds"/>).
/// </summary>
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

    /// <summary>
    /// The code's shape: its tokens with every name, number, string and character literal replaced by its kind ("id",
    /// "num", "str", "chr") and keywords and operators kept, so the same method under other names reads the same.
    /// </summary>
    public static List<string> Kinds(string code)
    {
        var kinds = new List<string>();
        foreach (var token in LexicalPattern().EnumerateMatches(code))
        {
            var text = code.AsSpan(token.Index, token.Length);
            kinds.Add(text[0] switch
            {
                '"' or '@' when text.Length > 1 => "str",
                '\'' => "chr",
                _ when char.IsDigit(text[0]) => "num",
                _ when char.IsLetter(text[0]) || text[0] == '_' => Keywords.Contains(text.ToString()) ? text.ToString() : "id",
                _ => text.ToString(),
            });
        }
        return kinds;
    }

    private static readonly HashSet<string> Keywords =
    [
        "abstract", "as", "async", "await", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false",
        "finally", "fixed", "float", "for", "foreach", "get", "goto", "if", "implicit", "in", "init", "int", "interface",
        "internal", "is", "lock", "long", "nameof", "namespace", "new", "not", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "record", "ref", "return", "sbyte", "sealed", "set", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof", "uint",
        "ulong", "unchecked", "unsafe", "ushort", "using", "var", "virtual", "void", "volatile", "when", "where", "while", "yield",
    ];

    [GeneratedRegex(@"[\p{L}_][\p{L}\p{Nd}_]*|\p{Nd}+")]
    private static partial Regex IdentifierPattern();

    // Strings (verbatim, interpolated or plain) and characters first, then names, numbers, two-character operators, any other symbol.
    [GeneratedRegex(@"[@$]*""(?:[^""\\]|\\.)*""|'(?:[^'\\]|\\.)*'|[\p{L}_][\p{L}\p{Nd}_]*|\p{Nd}[\p{L}\p{Nd}_.]*|==|!=|<=|>=|&&|\|\||\+\+|--|\+=|-=|\*=|/=|=>|\?\?|\?\.|\S")]
    private static partial Regex LexicalPattern();

    // Within an identifier: an acronym not followed by a lower-case letter ("HTTP" in "HTTPResponse"),
    // a capitalised or lower-case word ("Response", "parse"), or a number.
    [GeneratedRegex(@"\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|\p{Lo}+|\p{Nd}+")]
    private static partial Regex WordPattern();
}
