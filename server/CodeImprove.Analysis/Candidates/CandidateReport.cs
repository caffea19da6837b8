using CodeImprove.Analysis.Diagnostics;
using CodeImprove.Analysis.Metrics;

namespace CodeImprove.Analysis.Candidates;

/// <summary>A member's metrics before and after a candidate (Before null: the candidate adds it; After null: removes it).</summary>
public sealed record MemberMetricsChange(string Name, MethodMetrics? Before, MethodMetrics? After);

/// <summary>
/// What a candidate replacement would do, found on an in-memory fork of the solution (nothing is written or run).
/// Ranges of <see cref="ParseErrors"/> and <see cref="Introduced"/> are in the formatted candidate document
/// (<see cref="FormattedDocumentText"/>); ranges of <see cref="Removed"/> are in the document as it is now.
/// </summary>
/// <param name="FormattedReplacement">The replacement after formatting with the project's options (.editorconfig); the text to apply over the requested range.</param>
/// <param name="PublicSignatureChanged">Whether the public/protected API of the members the change touches differs.</param>
/// <param name="SignaturesBefore">That visible API before the change (display strings).</param>
/// <param name="SignaturesAfter">That visible API after it.</param>
/// <param name="CheckedDocuments">The documents whose diagnostics were compared: the changed one first, then dependents that may be affected.</param>
/// <param name="BehaviourChanges">Signs that the candidate may not do the same thing: a call now binding to another overload, throws or calls in another order.</param>
public sealed record CandidateReport(
    IReadOnlyList<AnalysisDiagnostic> ParseErrors,
    IReadOnlyList<AnalysisDiagnostic> Introduced,
    IReadOnlyList<AnalysisDiagnostic> Removed,
    IReadOnlyList<MemberMetricsChange> Metrics,
    bool PublicSignatureChanged,
    IReadOnlyList<string> SignaturesBefore,
    IReadOnlyList<string> SignaturesAfter,
    string FormattedReplacement,
    string FormattedDocumentText,
    IReadOnlyList<string> CheckedDocuments,
    IReadOnlyList<BehaviourChange> BehaviourChanges)
{
    /// <summary>The candidate does not parse or adds compiler/analyzer errors.</summary>
    public bool HasNewErrors => ParseErrors.Count > 0 || Introduced.Any(d => d.Severity == DiagnosticLevel.Error);
}
