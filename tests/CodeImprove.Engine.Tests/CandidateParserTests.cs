using CodeImprove.Engine.Candidates;
using Microsoft.CodeAnalysis.CSharp;

namespace CodeImprove.Engine.Tests;

public sealed class CandidateParserTests
{
    private static readonly CodeTarget Method = new(true, SyntaxKind.MethodDeclaration, "Calc.Twice(int)", default, 0, "public static int Twice(int x) => x * 2;");
    private static readonly CodeTarget Statements = new(false, SyntaxKind.None, "Calc.Run()", default, 0, "var a = 1;\nvar b = a + 1;");

    [Fact]
    public void Fenced_code_is_taken_and_the_prose_around_it_becomes_the_explanation()
    {
        var outcome = CandidateParser.Parse("Sure! Here it is:\n```csharp\npublic static int Twice(int x) => x << 1;\n```\nExplanation: shifts instead.", Method);
        Assert.Equal("public static int Twice(int x) => x << 1;", outcome.Candidate!.Code);
        Assert.Contains("shifts instead", outcome.Candidate.Explanation);
    }

    [Fact]
    public void Without_fences_leading_and_trailing_prose_is_skipped()
    {
        var outcome = CandidateParser.Parse("The improved method:\npublic static int Twice(int x)\n{\n    return x + x;\n}\nThis avoids a multiplication.", Method);
        Assert.Equal("public static int Twice(int x)\n{\n    return x + x;\n}", outcome.Candidate!.Code);
    }

    [Fact]
    public void Output_cut_off_inside_a_fence_is_rejected_as_truncated()
    {
        var outcome = CandidateParser.Parse("```csharp\npublic static int Twice(int x)\n{\n    return x", Method);
        Assert.Null(outcome.Candidate);
        Assert.Contains("truncated", outcome.Failure);
    }

    [Fact]
    public void A_member_with_unbalanced_braces_is_rejected_as_truncated()
    {
        var outcome = CandidateParser.Parse("public static int Twice(int x)\n{\n    if (x > 0) {\n        return x + x;\n    }", Method);
        Assert.Contains("truncated", outcome.Failure);
    }

    [Fact]
    public void Code_of_another_kind_is_rejected()
    {
        Assert.Null(CandidateParser.Parse("```csharp\npublic int Twice { get; }\n```", Method).Candidate);
        Assert.Null(CandidateParser.Parse("Once upon a time there was a little dog.", Method).Candidate);
    }

    [Fact]
    public void A_selection_must_come_back_as_statements()
    {
        Assert.Equal("var b = 2;", CandidateParser.Parse("```\nvar b = 2;\n```", Statements).Candidate!.Code);
        Assert.Null(CandidateParser.Parse("```\nvar b = 2; }\n```", Statements).Candidate);
        Assert.Null(CandidateParser.Parse("```\nvar b = \n```", Statements).Candidate);
    }

    [Fact]
    public void Fingerprints_ignore_formatting_and_comments_but_not_code()
    {
        var a = SyntaxFingerprint.Of("int F(int x)\n{\n    return x * 2; // twice\n}");
        var b = SyntaxFingerprint.Of("int F(int x) { /* doubled */ return x*2; }");
        var c = SyntaxFingerprint.Of("int F(int x) { return x*3; }");
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Code_features_recognise_recursion_nested_loops_and_allocations()
    {
        var features = Strategies.CodeFeatures.Of("""
            int Count(Node n)
            {
                var s = "";
                for (var i = 0; i < 3; i++) { foreach (var c in n.Children) { s += c; } }
                return 1 + Count(n.Next);
            }
            """);
        Assert.True(features.IsRecursive);
        Assert.True(features.NestedLoops);
        Assert.True(features.AllocatesInLoop);
        Assert.Equal(2, features.Loops);
    }

    [Fact]
    public void Reasoning_and_the_drafts_inside_it_are_ignored()
    {
        var reply = "<think>\nMaybe:\n```csharp\npublic static int Twice(int x) => x + x + 0;\n```\nNo, simpler.\n</think>\n```csharp\npublic static int Twice(int x) => x << 1;\n```\nShifts instead of multiplying.";
        var outcome = CandidateParser.Parse(reply, Method);
        Assert.Equal("public static int Twice(int x) => x << 1;", outcome.Candidate!.Code);
        Assert.Equal("Shifts instead of multiplying.", outcome.Candidate.Explanation);
    }

    [Fact]
    public void A_reply_cut_off_while_reasoning_is_truncated()
    {
        var outcome = CandidateParser.Parse("<think>\nFirst I will look at the loop and", Method);
        Assert.Contains("still reasoning", outcome.Failure);
    }

    [Theory]
    [InlineData("cs")]
    [InlineData("c#")]
    [InlineData("C#")]
    [InlineData("")]
    public void Any_fence_tag_works_and_the_explanation_is_the_models_sentence_without_scaffolding(string tag)
    {
        var reply = $"## Improved version\nHere's an improved version of the method:\n```{tag}\npublic static int Twice(int x) => x << 1;\n```\n**Explanation:** the shift is cheaper.\n\nUsage:\n```csharp\nvar four = Calc.Twice(2);\n```";
        var outcome = CandidateParser.Parse(reply, Method);
        Assert.Equal("public static int Twice(int x) => x << 1;", outcome.Candidate!.Code);
        Assert.Equal("the shift is cheaper.", outcome.Candidate.Explanation);
    }

    [Fact]
    public void The_whole_class_returned_around_the_method_gives_the_method()
    {
        var reply = "```csharp\nnamespace Samples;\n\npublic static class Calc\n{\n    public static int Other() => 1;\n\n    public static int Twice(int x) => x << 1;\n}\n```\nOnly Twice changed.";
        var outcome = CandidateParser.Parse(reply, Method);
        Assert.Equal("public static int Twice(int x) => x << 1;", outcome.Candidate!.Code);
        Assert.Equal("Only Twice changed.", outcome.Candidate.Explanation);
    }
}
