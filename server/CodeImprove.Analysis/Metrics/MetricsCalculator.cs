using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CodeImprove.Analysis.Metrics;

/// <summary>Computes <see cref="MethodMetrics"/> from syntax alone (no compilation needed, so it is cheap).</summary>
internal static class MetricsCalculator
{
    public static IReadOnlyList<MethodMetrics> Compute(SyntaxNode root, SourceText text) =>
        MemberLocator.MembersOf(root).Select(m => Compute(m, text)).ToList();

    public static MethodMetrics Compute(MemberWithBody member, SourceText text)
    {
        var node = member.Node;
        var lineSpan = text.Lines.GetLinePositionSpan(node.Span);
        var lines = lineSpan.End.Line - lineSpan.Start.Line + 1;
        var codeLines = CodeLines(node, text);
        var complexity = ComplexityWalker.CyclomaticComplexity(node);
        var volume = Halstead.Volume(node);
        return new MethodMetrics(
            member.Name,
            member.Kind,
            SourceRange.From(text, member.NameToken.Span),
            SourceRange.From(lineSpan),
            complexity,
            MaintainabilityIndex(volume, complexity, codeLines),
            ComplexityWalker.MaxNestingDepth(node),
            lines,
            codeLines,
            Math.Round(volume, 2));
    }

    /// <summary>The Visual Studio formula, rescaled to 0-100 and rounded to one decimal.</summary>
    public static double MaintainabilityIndex(double halsteadVolume, int cyclomaticComplexity, int linesOfCode)
    {
        var raw = 171 - 5.2 * Math.Log(Math.Max(1, halsteadVolume)) - 0.23 * cyclomaticComplexity - 16.2 * Math.Log(Math.Max(1, linesOfCode));
        return Math.Round(Math.Max(0, raw * 100 / 171), 1);
    }

    /// <summary>Lines on which a token starts or continues (multi-line literals count every line they cover).</summary>
    private static int CodeLines(SyntaxNode node, SourceText text)
    {
        var lines = new HashSet<int>();
        foreach (var token in node.DescendantTokens())
        {
            if (token.Span.IsEmpty)
            {
                continue;
            }
            var span = text.Lines.GetLinePositionSpan(token.Span);
            for (var line = span.Start.Line; line <= span.End.Line; line++)
            {
                lines.Add(line);
            }
        }
        return lines.Count;
    }
}
