using CodeImprove.Analysis.Candidates;
using CodeImprove.Analysis.Diagnostics;
using CodeImprove.Engine.Strategies;

namespace CodeImprove.Engine.Scoring;

/// <summary>
/// The documented score (see the Engine README): a weighted sum of what the candidate check measured, relative to the
/// original, whose score is 0. A candidate that adds errors has no score: it is never proposed.
/// </summary>
internal static class CandidateScorer
{
    public const double DiagnosticWeightError = 3;
    public const double DiagnosticWeightWarning = 1;
    public const double DiagnosticWeightInformation = 0.5;
    public const double DiagnosticWeightHint = 0.25;
    public const double ComplexityWeight = 0.5;
    public const double MaintainabilityWeight = 0.1;
    public const double NestingWeight = 0.5;
    public const double GrowthWeight = 0.1;
    public const double SignatureChangePenalty = 2;
    public const double BehaviourChangePenalty = 2;
    public const double GoalWeight = 1.5;

    /// <summary>How far the user's past decisions on a code fix's rules move its score (see <see cref="Preference"/>).</summary>
    public const double PreferenceWeight = 0.5;

    /// <summary>A winner must beat the original by more than this, so rounding noise is not proposed.</summary>
    public const double MinimumGain = 0.05;

    /// <param name="goalMet">Whether the candidate did what its strategy asked for (see <see cref="GoalMet"/>).</param>
    public static ScoreBreakdown? Score(CandidateReport report, bool goalMet = false)
    {
        if (report.HasNewErrors)
        {
            return null;
        }
        var before = report.Metrics.Where(m => m.Before is not null).Select(m => m.Before!).ToList();
        var after = report.Metrics.Where(m => m.After is not null).Select(m => m.After!).ToList();
        var complexity = before.Sum(m => m.CyclomaticComplexity) - after.Sum(m => m.CyclomaticComplexity);
        var maintainability = Average(after.Select(m => m.MaintainabilityIndex)) - Average(before.Select(m => m.MaintainabilityIndex));
        var nesting = Max(before.Select(m => m.MaxNestingDepth)) - Max(after.Select(m => m.MaxNestingDepth));
        var growth = Math.Max(0, after.Sum(m => m.CodeLines) - before.Sum(m => m.CodeLines));
        return new ScoreBreakdown(
            Round(report.Removed.Sum(Weight) - report.Introduced.Sum(Weight)),
            Round(ComplexityWeight * complexity),
            Round(MaintainabilityWeight * maintainability),
            Round(NestingWeight * nesting),
            Round(-GrowthWeight * growth) + 0.0, // + 0.0 turns -0 into 0 for display
            report.PublicSignatureChanged ? -SignatureChangePenalty : 0,
            report.BehaviourChanges.Count > 0 ? -BehaviourChangePenalty : 0,
            goalMet ? GoalWeight : 0);
    }

    /// <summary>
    /// Whether a candidate achieved its strategy's aim (<see cref="Strategy.Goal"/>) against the original's features (the
    /// run's, computed once); false for strategies without one and for code fixes.
    /// </summary>
    public static bool GoalMet(string strategy, CodeFeatures original, string candidate) =>
        StrategyCatalog.Find(strategy)?.Goal is { } goal && goal(original, CodeFeatures.Of(candidate));

    /// <summary>
    /// The learned preference for a code-fix candidate: the sum over its distinct rules of <see cref="PreferenceWeight"/> x
    /// (accepted - rejected) / (decisions + 2); 0 for a rule never decided and for model candidates (no rules). A sum, not a
    /// mean: a mean would let an unrelated fix added to a rejected one dilute its penalty and win for that alone.
    /// </summary>
    public static double Preference(IEnumerable<string> rules, IReadOnlyDictionary<string, Memory.FixPreference> preferences) =>
        Round(rules.Distinct().Sum(rule => preferences.TryGetValue(rule, out var p) ? PreferenceWeight * (p.Accepted - p.Rejected) / (p.Accepted + p.Rejected + 2.0) : 0));

    private static double Weight(AnalysisDiagnostic diagnostic) => diagnostic.Severity switch
    {
        DiagnosticLevel.Error => DiagnosticWeightError,
        DiagnosticLevel.Warning => DiagnosticWeightWarning,
        DiagnosticLevel.Information => DiagnosticWeightInformation,
        _ => DiagnosticWeightHint,
    };

    private static double Average(IEnumerable<double> values) => values.DefaultIfEmpty(0).Average();

    private static int Max(IEnumerable<int> values) => values.DefaultIfEmpty(0).Max();

    private static double Round(double value) => Math.Round(value, 3);
}
