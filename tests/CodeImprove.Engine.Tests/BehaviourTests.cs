using CodeImprove.Analysis;
using static CodeImprove.Engine.Tests.EngineFixture;

namespace CodeImprove.Engine.Tests;

/// <summary>
/// Changes must keep behaviour: without a model only vetted fixes apply, and a candidate that reorders argument checks
/// (what IDE0016's fix did to a real library) is reported as such, to the model and in the proposal's analysis.
/// </summary>
public sealed class BehaviourTests
{
    private const string Checks = """
        using System;

        public sealed class Address
        {
            private readonly string _line1;
            private readonly string _line2;

            public Address(string line1, string line2)
            {
                if (line1 == null) throw new ArgumentNullException(nameof(line1));
                if (line2 == null) throw new ArgumentNullException(nameof(line2));
                _line1 = line1;
                _line2 = line2;
            }

            public override string ToString() => _line1 + _line2;
        }
        """;

    // IDE0016's output: line1's check now runs after line2's.
    private const string Reordered = """
        public Address(string line1, string line2)
            {
                if (line2 == null) throw new ArgumentNullException(nameof(line2));
                _line1 = line1 ?? throw new ArgumentNullException(nameof(line1));
                _line2 = line2;
            }
        """;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static ImproveRequest OnConstructor(EngineFixture fixture) =>
        new(fixture.FilePath, File.ReadAllText(fixture.FilePath), SourceRange.Of(7, 12, 7, 12));

    [Fact]
    public async Task Without_a_model_the_throw_expression_fix_is_not_applied_and_says_why()
    {
        await using var fixture = await CreateAsync(Checks);
        var result = await fixture.Engine(null).ImproveAsync(OnConstructor(fixture), cancellationToken: Token);
        Assert.DoesNotContain("?? throw", result.Proposal?.ImprovedCode ?? "", StringComparison.Ordinal);
        Assert.Contains(result.NoImprovementReasons, r => r.StartsWith("IDE0016 is not applied without a model", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_model_candidate_that_reorders_the_checks_is_reported_to_the_model_and_penalized()
    {
        await using var fixture = await CreateAsync(Checks);
        var model = new ScriptedModel(4096, Fenced(Reordered));
        var result = await fixture.Engine(model, Options(maxCycles: 1, maxReflect: 1)).ImproveAsync(OnConstructor(fixture), cancellationToken: Token);

        var reflection = model.Conversations[1][^1].Content;
        Assert.Contains("behaviour may change: 'throw new ArgumentNullException(nameof(line1))' now runs after 'throw new ArgumentNullException(nameof(line2))'", reflection, StringComparison.Ordinal);
        if (result.Proposal is { } proposal)
        {
            Assert.Single(proposal.Analysis.BehaviourChanges);
            Assert.Equal(-2, proposal.Score.BehaviourChange);
        }
        else
        {
            Assert.Contains(result.Candidates, c => c.Score is not null); // scored, and the penalty kept it below the original
        }
    }

    [Fact]
    public async Task Without_a_model_fixes_chain_when_one_makes_the_next_possible()
    {
        await using var fixture = await CreateAsync("""
            public static class Checks
            {
                public static bool Both(int a, int b)
                {
                    if (a > 0)
                    {
                        if (b > 0)
                        {
                            return true;
                        }
                    }
                    return false;
                }
            }
            """);
        var request = new ImproveRequest(fixture.FilePath, File.ReadAllText(fixture.FilePath), SourceRange.Of(2, 24, 2, 24));
        var result = await fixture.Engine(null).ImproveAsync(request, cancellationToken: Token);
        var proposal = Assert.IsType<Proposal>(result.Proposal);
        // Merging the ifs (RCS1061) is what lets the whole check become one return.
        Assert.Contains("RCS1061", proposal.Explanation, StringComparison.Ordinal);
        Assert.Contains("; ", proposal.Explanation, StringComparison.Ordinal);
        Assert.Contains("return a > 0 && b > 0;", proposal.ImprovedCode, StringComparison.Ordinal);
    }

    /// <summary>Code on which each excluded rule's fix is offered, and what the fix would change.</summary>
    [Theory]
    // A case-insensitive comparison is not the lowered strings' comparison for every culture.
    [InlineData("CA1862", "public static bool Same(string a, string b) { return a.ToLower() == b.ToLower(); }")]
    // A collection expression for the array may bind GetByteCount to the ReadOnlySpan<char> overload.
    [InlineData("IDE0300", "public static int Size(System.Text.Encoding e, char c) { char[] chars = new char[] { c }; return e.GetByteCount(chars); }")]
    public async Task An_excluded_fix_is_offered_but_not_applied_without_a_model(string rule, string method)
    {
        await using var fixture = await CreateAsync($$"""
            public static class Sample
            {
                {{method}}

                private static int Expensive() => 42;
            }
            """);
        var request = new ImproveRequest(fixture.FilePath, File.ReadAllText(fixture.FilePath), SourceRange.Of(2, 30, 2, 30));
        var result = await fixture.Engine(null).ImproveAsync(request, cancellationToken: Token);
        // Said with or without a proposal.
        Assert.Contains(result.Notes, r => r.StartsWith($"{rule} is not applied without a model", StringComparison.Ordinal));
        Assert.DoesNotContain(rule, result.Proposal?.Explanation ?? "", StringComparison.Ordinal);
    }
}
