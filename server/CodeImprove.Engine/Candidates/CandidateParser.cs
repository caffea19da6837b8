using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodeImprove.Engine.Candidates;

/// <summary>
/// Reads a whole-region rewrite out of a model reply as models write them. Reasoning (<c>&lt;think&gt;</c> blocks, with any
/// drafts inside them) is ignored. Fenced code is preferred (the largest block that parses, whatever the fence's language
/// tag: csharp, cs, c#); without fences, leading and trailing prose is skipped; a whole class returned around the member
/// gives the member itself. A reply cut off inside a fence or a think block is rejected as truncated, and the code must
/// parse, without syntax errors, as the same kind of member (or as statements, for a selection). The explanation is the
/// model's prose without fences, headings or "here is the code:" scaffolding.
/// </summary>
internal static partial class CandidateParser
{
    private const string Fence = "```";

    [GeneratedRegex(@"```[ \t]*[\w#+.-]*[ \t]*\r?\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"<think>.*?</think>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ThinkBlock();

    public static ParseOutcome Parse(string reply, CodeTarget target)
    {
        reply = ThinkBlock().Replace(reply, "");
        if (reply.Contains("<think>", StringComparison.OrdinalIgnoreCase))
        {
            return ParseOutcome.Fail("the reply was cut off while the model was still reasoning (<think> never closed; truncated output, raise model.maxTokens)");
        }
        if (string.IsNullOrWhiteSpace(reply))
        {
            return ParseOutcome.Fail("the reply is empty");
        }
        if (CountOf(reply, Fence) % 2 == 1)
        {
            return ParseOutcome.Fail("the reply was cut off inside a code block (truncated output)");
        }
        var blocks = FencedBlock().Matches(reply).OrderByDescending(m => m.Groups["code"].Length).ToList();
        if (blocks.Count > 0)
        {
            string? firstFailure = null;
            foreach (var block in blocks)
            {
                var code = block.Groups["code"].Value;
                var outcome = target.IsMember && MemberInside(code, target) is { } member ? ParseOutcome.Ok(member, "") : ParseCode(code, target);
                if (outcome.Candidate is { } candidate)
                {
                    // The prose is the reply without this block, its fence and language tag; other blocks (usage examples) are dropped too.
                    var prose = FencedBlock().Replace(reply[..block.Index] + "\n" + reply[(block.Index + block.Length)..], "\n");
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

    /// <summary>The target member inside a whole type the model returned (same kind and name), or null when there is no type around it.</summary>
    private static string? MemberInside(string code, CodeTarget target)
    {
        var name = target.Name.Split('(')[0].Split('.')[^1];
        var root = SyntaxFactory.ParseCompilationUnit(code);
        if (root.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return null;
        }
        var member = root.DescendantNodes().OfType<MemberDeclarationSyntax>().FirstOrDefault(m => m.IsKind(target.MemberKind) && m.Parent is TypeDeclarationSyntax && m switch
        {
            MethodDeclarationSyntax method => method.Identifier.Text == name,
            ConstructorDeclarationSyntax constructor => constructor.Identifier.Text == name,
            PropertyDeclarationSyntax property => property.Identifier.Text == name,
            _ => false,
        });
        return member?.ToFullString().Trim();
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

    /// <summary>The model's own sentences: no headings, no lines that only introduce the code ("Here is the improved method:"), no labels.</summary>
    private static string Clean(string prose) =>
        string.Join(' ', prose.Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(line => !line.StartsWith('#') && !line.EndsWith(':') && line.Trim('*', '_', ' ') is { Length: > 0 })
                .Select(line => ExplanationLabel().Replace(line, "")))
            .Trim();

    [GeneratedRegex(@"^\W*(explanation|changes|what changed)\W*:\W*", RegexOptions.IgnoreCase)]
    private static partial Regex ExplanationLabel();
}
