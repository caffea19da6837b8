using CodeImprove.Analysis.Candidates;
using CodeImprove.Analysis.Diagnostics;
using System.Text;

namespace CodeImprove.Engine.Loop;

/// <summary>The analysis report in the two forms the loop needs: plain text for the model's reflection, and the proposal's summary.</summary>
internal static class ReportText
{
    public static AnalysisSummary Summarize(CandidateReport report) => new(
        [.. report.ParseErrors, .. report.Introduced],
        report.Removed,
        report.Metrics.Select(m => new MetricsPair(m.Name, m.Before, m.After)).ToList(),
        report.PublicSignatureChanged,
        report.SignaturesBefore,
        report.SignaturesAfter,
        report.BehaviourChanges);

    public static string ForModel(CandidateReport report, ScoreBreakdown? score)
    {
        var text = new StringBuilder();
        var errors = report.ParseErrors.Concat(report.Introduced.Where(d => d.Severity == DiagnosticLevel.Error)).ToList();
        if (errors.Count > 0)
        {
            text.Append("Your candidate does not compile. Errors:\n");
            foreach (var error in errors.Take(8))
            {
                text.Append($"- {error.Id} {error.Message} (line {error.Range.Start.Line + 1})\n");
            }
        }
        foreach (var warning in report.Introduced.Where(d => d.Severity != DiagnosticLevel.Error).Take(8))
        {
            text.Append($"- new {warning.Severity.ToString().ToLowerInvariant()} {warning.Id}: {warning.Message}\n");
        }
        foreach (var removed in report.Removed.Take(8))
        {
            text.Append($"- fixed {removed.Id}: {removed.Message}\n");
        }
        foreach (var change in report.Metrics.Where(m => m.Before is not null && m.After is not null))
        {
            text.Append($"- {change.Name}: complexity {change.Before!.CyclomaticComplexity} -> {change.After!.CyclomaticComplexity}, " +
                        $"nesting {change.Before.MaxNestingDepth} -> {change.After.MaxNestingDepth}, lines {change.Before.CodeLines} -> {change.After.CodeLines}\n");
        }
        if (report.PublicSignatureChanged)
        {
            text.Append("- the public signature changed; callers may break\n");
        }
        foreach (var change in report.BehaviourChanges)
        {
            text.Append($"- behaviour may change: {change.Message}; keep the original's overloads and order of checks and calls\n");
        }
        text.Append(score is null ? "Score: rejected (adds errors).\n" : $"Score against the original: {score.Total:0.##}.\n");
        return text.ToString();
    }
}
