using CodeImprove.Analysis.Diagnostics;

namespace CodeImprove.Analysis.Metrics;

/// <summary>Turns metrics past their thresholds into `codeimprove` diagnostics shown on the member's name.</summary>
public static class ImprovementFindings
{
    public const string Source = "codeimprove";
    public const string ComplexityId = "CI0001";
    public const string MaintainabilityId = "CI0002";
    public const string NestingId = "CI0003";
    public const string LengthId = "CI0004";

    public static IEnumerable<AnalysisDiagnostic> For(string filePath, IEnumerable<MethodMetrics> metrics, MetricThresholds thresholds)
    {
        foreach (var m in metrics)
        {
            if (m.CyclomaticComplexity > thresholds.CyclomaticComplexity)
            {
                yield return Finding(filePath, m, ComplexityId, $"'{m.Name}' has cyclomatic complexity {m.CyclomaticComplexity} (threshold {thresholds.CyclomaticComplexity}): consider splitting its decisions.", DiagnosticLevel.Information);
            }
            if (m.MaintainabilityIndex < thresholds.MaintainabilityIndex)
            {
                yield return Finding(filePath, m, MaintainabilityId, $"'{m.Name}' has maintainability index {m.MaintainabilityIndex:0.#} (threshold {thresholds.MaintainabilityIndex:0.#}): it is hard to maintain.", DiagnosticLevel.Information);
            }
            if (m.MaxNestingDepth > thresholds.NestingDepth)
            {
                yield return Finding(filePath, m, NestingId, $"'{m.Name}' nests control statements {m.MaxNestingDepth} deep (threshold {thresholds.NestingDepth}): consider early returns or extraction.", DiagnosticLevel.Hint);
            }
            if (m.Lines > thresholds.MethodLines)
            {
                yield return Finding(filePath, m, LengthId, $"'{m.Name}' is {m.Lines} lines long (threshold {thresholds.MethodLines}): consider extracting parts.", DiagnosticLevel.Hint);
            }
        }
    }

    private static AnalysisDiagnostic Finding(string filePath, MethodMetrics metrics, string id, string message, DiagnosticLevel level) =>
        new(filePath, metrics.NameRange, id, message, level, Source, HelpLink: null);
}
