using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodeImprove.Engine.Candidates;

/// <summary>
/// Reads a whole-region rewrite out of a model reply. Fenced code is preferred (the largest block that parses); without
/// fences, leading and trailing prose is skipped. A reply cut off inside a fence is rejected as truncated, and the code
/// must parse, without syntax errors, as the same kind of member (or as statements, for a selection).
/// </summary>
internal static partial class CandidateParser
{
    private const string Fence = "```";

    [GeneratedRegex(@"```[ \t]*[\w#+.-]*[ \t]*\r?\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    public static ParseOutcome Parse(string reply, CodeTarget target)
    {
        if (string.IsNullOrWhiteSpace(reply))
        {
            return ParseOutcome.Fail("the reply is empty");
        }
        if (CountOf(reply, Fence) % 2 == 1)
        {
            return ParseOutcome.Fail("the reply was cut off inside a code block (truncated output)");
        }
        var blocks = FencedBlock().Matches(reply).Select(m => m.Groups["code"]).OrderByDescending(g => g.Length).ToList();
        if (blocks.Count > 0)
        {
            string? firstFailure = null;
            foreach (var block in blocks)
            {
                var outcome = ParseCode(block.Value, target);
                if (outcome.Candidate is { } candidate)
                {
                    var prose = (reply[..block.Index] + reply[(block.Index + block.Length)..]).Replace(Fence, "", StringComparison.Ordinal);
                    return ParseOutcome.Ok(candidate.Code, Clean(prose + "\n" + candidate.Explanation));
                }
                firstFailure ??= outcome.Failure;
            }
            return ParseOutcome.Fail(firstFailure!);
        }
        return ParseCode(reply, target);
    }

    /// <summary>Finds the region in text that may hold prose before (and, for a member, after) the code.</summary>
    private static ParseOutcome ParseCode(string text, CodeTarget target)
    {
        var lineStarts = LineStarts(text);
        string? firstFailure = null;
        foreach (var start in lineStarts)
        {
            var outcome = target.IsMember ? ParseMember(text, start, target) : ParseStatements(text[start..]);
            if (outcome.Candidate is { } candidate)
            {
                return ParseOutcome.Ok(candidate.Code, Clean(text[..start] + "\n" + candidate.Explanation));
            }
            firstFailure ??= outcome.Failure;
        }
        return ParseOutcome.Fail(firstFailure ?? $"the reply holds no code for {target.Describe}");
    }

    private static ParseOutcome ParseMember(string text, int start, CodeTarget target)
    {
        var member = SyntaxFactory.ParseMemberDeclaration(text, start, consumeFullText: false);
        if (member is null || !member.IsKind(target.MemberKind))
        {
            return ParseOutcome.Fail($"the reply holds no {Describe(target.MemberKind)} for {target.Describe}");
        }
        var errors = member.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            var truncated = member.FullSpan.End >= text.TrimEnd().Length && errors.Any(e => e.Id is "CS1513" or "CS1002" or "CS1026");
            return ParseOutcome.Fail(truncated
                ? "the code ends before the member does (truncated output or unbalanced braces)"
                : "the code does not parse: " + string.Join("; ", errors.Take(3).Select(e => $"{e.Id} {e.GetMessage()} (line {e.Location.GetLineSpan().StartLinePosition.Line + 1})")));
        }
        var code = member.ToFullString().Trim();
        return ParseOutcome.Ok(code, text[Math.Min(text.Length, start + member.FullSpan.Length)..]);
    }

    private static ParseOutcome ParseStatements(string text)
    {
        var block = (BlockSyntax)SyntaxFactory.ParseStatement("{\n" + text + "\n}");
        var errors = block.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (block.Statements.Count == 0)
        {
            return ParseOutcome.Fail("the reply holds no statements");
        }
        // The block must close at the closing brace added here, not at a stray one inside the text.
        if (errors.Count > 0 || block.CloseBraceToken.Span.Start != 3 + text.Length)
        {
            return ParseOutcome.Fail("the statements do not parse: " + string.Join("; ", errors.Take(3).Select(e => $"{e.Id} {e.GetMessage()}")));
        }
        return ParseOutcome.Ok(text.Trim(), "");
    }

    private static IEnumerable<int> LineStarts(string text)
    {
        yield return 0;
        for (var i = text.IndexOf('\n'); i >= 0 && i + 1 < text.Length; i = text.IndexOf('\n', i + 1))
        {
            yield return i + 1;
        }
    }

    private static string Describe(SyntaxKind kind) => kind switch
    {
        SyntaxKind.MethodDeclaration => "method",
        SyntaxKind.ConstructorDeclaration => "constructor",
        SyntaxKind.PropertyDeclaration => "property",
        _ => kind.ToString(),
    };

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    private static string Clean(string prose) =>
        string.Join(' ', prose.Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Replace("Explanation:", "", StringComparison.OrdinalIgnoreCase).Trim();
}
