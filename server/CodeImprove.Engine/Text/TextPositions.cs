using CodeImprove.Analysis;
using Microsoft.CodeAnalysis.Text;

namespace CodeImprove.Engine.Text;

/// <summary>Offsets and LSP-style positions (0-based line, UTF-16 character) of one text, and its content hash.</summary>
internal sealed class TextPositions(string text)
{
    private readonly SourceText _source = SourceText.From(text);

    public int Offset(SourcePosition position)
    {
        if (position.Line >= _source.Lines.Count)
        {
            return _source.Length;
        }
        var line = _source.Lines[Math.Max(0, position.Line)];
        return line.Start + Math.Clamp(position.Character, 0, line.End - line.Start);
    }

    public SourcePosition Position(int offset)
    {
        var position = _source.Lines.GetLinePosition(offset);
        return new SourcePosition(position.Line, position.Character);
    }

    public SourceRange Range(int start, int end) => new(Position(start), Position(end));

    public static string Hash(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
}
