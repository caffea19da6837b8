using CodeImprove.Analysis;
using CodeImprove.Memory;
using static CodeImprove.Engine.Tests.EngineFixture;

namespace CodeImprove.Engine.Tests;

/// <summary>
/// The user's code-fix preferences, learned without a model in a real store: a rule rejected three times with no accept
/// is no longer proposed, and one accept brings it back. Each method offers one fix only (IDE0054, compound assignment).
/// </summary>
public sealed class FixPreferenceTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private const string Methods = """
        namespace Samples;

        public sealed class Sums
        {
            private int _total;
            public void A(int x) { _total = _total + x; }
            public void B(int x) { _total = _total - x; }
            public void C(int x) { _total = _total * x; }
            public void D(int x) { _total = _total / x; }
            public void E(int x) { _total = _total % x; }
        }
        """;

    [Fact]
    public async Task A_fix_rejected_three_times_is_no_longer_proposed_and_one_accept_brings_it_back()
    {
        await using var fixture = await CreateAsync(Methods);
        var engine = fixture.Engine(null);
        var proposals = new List<Proposal>();
        foreach (var line in new[] { 5, 6, 7, 8 })
        {
            var result = await engine.ImproveAsync(OnLine(fixture, line), cancellationToken: Token);
            Assert.True(result.Proposal is not null, $"line {line}: {string.Join("; ", result.NoImprovementReasons)}");
            Assert.Contains("IDE0054", result.Proposal.Explanation);
            proposals.Add(result.Proposal);
        }

        foreach (var proposal in proposals[..3])
        {
            await engine.RejectAsync(proposal.Id, "not my style", Token);
        }
        var preference = Assert.Single(await fixture.Memory.GetFixPreferencesAsync(Token), p => p.Rule == "IDE0054");
        Assert.Equal((0, 3, true), (preference.Accepted, preference.Rejected, preference.Suppressed));

        var suppressed = await engine.ImproveAsync(OnLine(fixture, 9), cancellationToken: Token);
        Assert.Null(suppressed.Proposal);
        Assert.Contains(suppressed.NoImprovementReasons, r => r.StartsWith("IDE0054 is no longer proposed: you rejected it 3 times", StringComparison.Ordinal));

        // The fourth proposal was made before the rule was suppressed: accepting it teaches the opposite.
        await engine.AcceptAsync(proposals[3].Id, cancellationToken: Token);
        Assert.False(Assert.Single(await fixture.Memory.GetFixPreferencesAsync(Token), p => p.Rule == "IDE0054").Suppressed);
        var back = await engine.ImproveAsync(OnLine(fixture, 9), cancellationToken: Token);
        Assert.NotNull(back.Proposal);
        Assert.Contains("IDE0054", back.Proposal.Explanation);

        Assert.Equal(1, await fixture.Memory.ResetFixPreferencesAsync(Token));
        Assert.Empty(await fixture.Memory.GetFixPreferencesAsync(Token));
    }

    [Fact]
    public void An_accepted_rule_scores_above_one_never_decided_and_a_rejected_one_below()
    {
        var preferences = new Dictionary<string, FixPreference>
        {
            ["IDE0054"] = new("IDE0054", Accepted: 2, Rejected: 0, RejectedSinceAccept: 0),
            ["IDE0011"] = new("IDE0011", Accepted: 0, Rejected: 2, RejectedSinceAccept: 2),
        };

        Assert.Equal(0.25, Scoring.CandidateScorer.Preference(["IDE0054"], preferences));
        Assert.Equal(0, Scoring.CandidateScorer.Preference(["CA1822"], preferences));
        Assert.Equal(-0.25, Scoring.CandidateScorer.Preference(["IDE0011"], preferences));
        Assert.Equal(0, Scoring.CandidateScorer.Preference(["IDE0054", "IDE0011"], preferences));
        // An undecided rule added to a rejected one does not soften its penalty.
        Assert.Equal(-0.25, Scoring.CandidateScorer.Preference(["IDE0011", "CA1822"], preferences));
    }

    private static ImproveRequest OnLine(EngineFixture fixture, int line) =>
        new(fixture.FilePath, File.ReadAllText(fixture.FilePath), SourceRange.Of(line, 20, line, 20));
}
