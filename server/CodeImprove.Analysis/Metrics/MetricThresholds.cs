namespace CodeImprove.Analysis.Metrics;

/// <summary>
/// Limits past which a member is reported as an improvement opportunity; names and defaults are those of
/// config/codeimprove.json "thresholds".
/// </summary>
public sealed record MetricThresholds(
    int CyclomaticComplexity = 10,
    double MaintainabilityIndex = 20,
    int NestingDepth = 4,
    int MethodLines = 60)
{
    public static MetricThresholds Default { get; } = new();
}
