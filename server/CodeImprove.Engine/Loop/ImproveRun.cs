using System.Text.Json;
using CodeImprove.Analysis;
using CodeImprove.Analysis.Candidates;
using CodeImprove.Analysis.Text;
using CodeImprove.Engine.Candidates;
using CodeImprove.Engine.Scoring;
using CodeImprove.Engine.Strategies;
using CodeImprove.Engine.Text;
using CodeImprove.Memory;

namespace CodeImprove.Engine.Loop;

/// <summary>One candidate that went through the Roslyn check.</summary>
internal sealed record CheckedCandidate(int Cycle, string Strategy, string Code, string Fingerprint, CandidateReport Report, ScoreBreakdown? Score, string Explanation)
{
    /// <summary>For a code-fix candidate: the rules its fixes fix, each with the document line of the diagnostic.</summary>
    public IReadOnlyList<FixRule> Rules { get; init; } = [];
}

/// <summary>A code fix's rule (diagnostic id) and the 0-based line of the diagnostic it fixed.</summary>
internal sealed record FixRule(string Id, int Line);

/// <summary>
/// The state of one improve run: the target, what was seen and checked, timings and counters. Candidates go through
/// <see cref="EvaluateAsync"/>, which skips repeats (by fingerprint) before the costly check.
/// </summary>
internal sealed class ImproveRun(
    ImproveRequest request,
    CodeTarget target,
    CodeFeatures features,
    AnalysisSnapshot analysis,
    IProgress<LoopProgress>? progress,
    StageClock clock,
    IReadOnlySet<string> previouslyRejected)
{
    private readonly HashSet<string> _seen = [SyntaxFingerprint.Of(target.Code)];

    public ImproveRequest Request => request;
    public CodeTarget Target => target;
    public StageClock Clock => clock;
    public List<CheckedCandidate> Checked { get; } = [];
    public List<CandidateOutcome> Outcomes { get; } = [];
    public List<CandidateDraft> Drafts { get; } = [];
    public List<(int Cycle, string Text)> Reflections { get; } = [];
    public List<string> Notes { get; } = [];
    public List<string> StrategiesUsed { get; } = [];
    /// <summary>The user's learned code-fix preferences in this workspace, by rule.</summary>
    public IReadOnlyDictionary<string, FixPreference> FixPreferences { get; init; } = new Dictionary<string, FixPreference>();

    public int PromptTokens { get; set; }
    public int CompletionTokens { get; set; }

    public void Report(LoopStage stage, int cycle, string message) => progress?.Report(new LoopProgress(stage, cycle, message));

    /// <summary>
    /// Checks a candidate unless it repeats the original, an earlier candidate or a rejected one; returns null when skipped.
    /// <paramref name="refuse"/> may name a reason, from the report, never to propose it (it then has no score).
    /// </summary>
    /// <param name="rules">A code-fix candidate's rules: the user's preferences for them are a term of its score.</param>
    public async Task<CheckedCandidate?> EvaluateAsync(int cycle, string strategy, string code, string explanation, CancellationToken cancellationToken,
        Func<CandidateReport, string?>? refuse = null, IReadOnlyList<FixRule>? rules = null)
    {
        var fingerprint = SyntaxFingerprint.Of(code);
        string? skip = fingerprint == SyntaxFingerprint.Of(target.Code) ? "same code as the original (only formatting or comments differ)"
            : previouslyRejected.Contains(fingerprint) ? "the user rejected this candidate before"
            : _seen.Contains(fingerprint) ? "repeats an earlier candidate"
            : null;
        if (skip is not null)
        {
            Outcomes.Add(new CandidateOutcome(cycle, strategy, fingerprint, null, "skipped: " + skip));
            return null;
        }
        _seen.Add(fingerprint);
        Report(LoopStage.Analyzing, cycle, $"Checking a candidate from {strategy}");
        var report = await clock.TimeAsync("analyze", () => analysis.CheckCandidateAsync(request.DocumentPath, target.Range, code, cancellationToken));
        var refusal = refuse?.Invoke(report);
        var score = refusal is null ? CandidateScorer.Score(report, CandidateScorer.GoalMet(strategy, features, report.FormattedReplacement)) : null;
        if (score is not null && rules is { Count: > 0 })
        {
            score = score with { Preference = CandidateScorer.Preference(rules.Select(r => r.Id), FixPreferences) };
        }
        var candidate = new CheckedCandidate(cycle, strategy, report.FormattedReplacement, fingerprint, report, score, explanation) { Rules = rules ?? [] };
        Checked.Add(candidate);
        var verdict = refusal is not null ? "refused: " + refusal
            : score is null ? "rejected: adds compile errors"
            : score.Total <= CandidateScorer.MinimumGain ? $"rejected: scores {score.Total:0.###}, not better than the original"
            : $"scores {score.Total:0.###}";
        Outcomes.Add(new CandidateOutcome(cycle, strategy, fingerprint, score?.Total, verdict));
        Drafts.Add(new CandidateDraft
        {
            Cycle = cycle,
            Code = report.FormattedReplacement,
            Fingerprint = fingerprint,
            Score = score?.Total,
            Analysis = JsonSerializer.SerializeToElement(ReportText.Summarize(report), EngineJson.Options),
            Diff = LineDiff.Unified(target.Code, report.FormattedReplacement, "candidate"),
        });
        return candidate;
    }

    /// <summary>The best candidate that adds no errors and beats the original by more than the minimum gain.</summary>
    public CheckedCandidate? Best() =>
        Checked.Where(c => c.Score is { } s && s.Total > CandidateScorer.MinimumGain)
            .OrderByDescending(c => c.Score!.Total)
            .ThenBy(c => c.Cycle)
            .FirstOrDefault();
}
