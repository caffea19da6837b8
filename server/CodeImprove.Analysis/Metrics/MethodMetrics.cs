namespace CodeImprove.Analysis.Metrics;

/// <summary>
/// Quality figures of one member with a body (method, constructor, destructor, operator, accessor, expression-bodied
/// property). Local functions and lambdas count inside the member that holds them.
/// </summary>
/// <param name="Name">Containing types, member name and parameter types, e.g. "Orders.Service.Process(Order, bool)"; stable across edits of the body.</param>
/// <param name="Kind">method, constructor, destructor, operator, conversion, get, set, init, add, remove, property.</param>
/// <param name="NameRange">The member's name (where a finding is shown).</param>
/// <param name="Range">The whole declaration.</param>
/// <param name="MaintainabilityIndex">Visual Studio's 0-100 index: max(0, (171 - 5.2 ln(Halstead volume) - 0.23 cyclomatic complexity - 16.2 ln(lines of code)) * 100 / 171).</param>
/// <param name="Lines">Lines the declaration spans.</param>
/// <param name="CodeLines">Lines holding code (not blank, not only comments): the "lines of code" of the index.</param>
public sealed record MethodMetrics(
    string Name,
    string Kind,
    SourceRange NameRange,
    SourceRange Range,
    int CyclomaticComplexity,
    double MaintainabilityIndex,
    int MaxNestingDepth,
    int Lines,
    int CodeLines,
    double HalsteadVolume);
