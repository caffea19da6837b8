using System.Text;

namespace Corpus;

public static class Strings
{
    // weakness: ternary null check instead of ??
    public static string OrDefault(string? text)
    {
        return text != null ? text : "(none)";
    }

    // weakness: null check before member access instead of ?.
    public static int? LengthOf(string? text)
    {
        return text != null ? text.Length : null;
    }

    // weakness: interpolated string without interpolation
    public static string Greeting()
    {
        return $"hello";
    }

    // weakness: string.Format-like concatenation with ToString()
    public static string Describe(int count)
    {
        return "count: " + count.ToString();
    }

    // weakness: Substring from the end instead of a range
    public static string LastThree(string text)
    {
        return text.Substring(text.Length - 3);
    }

    // weakness: indexing from the end with Length - 1
    public static char LastChar(string text)
    {
        return text[text.Length - 1];
    }

    // weakness: ToLower comparison instead of a case-insensitive comparison
    public static bool SameWord(string a, string b)
    {
        return a.ToLower() == b.ToLower();
    }

    // weakness: StringBuilder.Append with a concatenation inside
    public static string Join(string[] parts)
    {
        var builder = new StringBuilder();
        foreach (var part in parts)
        {
            builder.Append(part + ",");
        }
        return builder.ToString();
    }

    // weakness: a string argument where a char overload exists
    public static bool HasComma(string text)
    {
        return text.Contains(",");
    }
}
