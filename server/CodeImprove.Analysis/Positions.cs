using Microsoft.CodeAnalysis.Text;

namespace CodeImprove.Analysis;

/// <summary>A 0-based line and UTF-16 character offset (the LSP convention, and Roslyn's LinePosition).</summary>
public readonly record struct SourcePosition(int Line, int Character)
{
    internal LinePosition ToLinePosition() => new(Line, Character);

    internal static SourcePosition From(LinePosition position) => new(position.Line, position.Character);
}

/// <summary>A range between two positions; End is exclusive.</summary>
public readonly record struct SourceRange(SourcePosition Start, SourcePosition End)
{
    public static SourceRange Of(int startLine, int startCharacter, int endLine, int endCharacter) =>
        new(new SourcePosition(startLine, startCharacter), new SourcePosition(endLine, endCharacter));

    internal static SourceRange From(LinePositionSpan span) => new(SourcePosition.From(span.Start), SourcePosition.From(span.End));

    internal static SourceRange From(SourceText text, TextSpan span) => From(text.Lines.GetLinePositionSpan(span));

    /// <summary>The text span of this range, with positions past the end of a line or of the text clamped to it.</summary>
    internal TextSpan ToTextSpan(SourceText text)
    {
        var start = Offset(text, Start);
        var end = Math.Max(start, Offset(text, End));
        return TextSpan.FromBounds(start, end);
    }

    private static int Offset(SourceText text, SourcePosition position)
    {
        if (position.Line < 0)
        {
            return 0;
        }
        if (position.Line >= text.Lines.Count)
        {
            return text.Length;
        }
        var line = text.Lines[position.Line];
        return line.Start + Math.Clamp(position.Character, 0, line.End - line.Start);
    }
}
