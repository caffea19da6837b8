using CodeImprove.Analysis.Diagnostics;

namespace CodeImprove.Analysis.CodeActions;

/// <summary>
/// Enough to find a quick fix again later (in codeAction/resolve): plain data a host can round-trip as JSON.
/// </summary>
public sealed record CodeFixReference(string FilePath, string DiagnosticId, SourceRange DiagnosticRange, string Title, string? EquivalenceKey)
{
    /// <summary>Listed by <c>GetImprovementFixesAsync</c>: the diagnostic may come from an improvement rule the project does not report.</summary>
    public bool ImprovementView { get; init; }
}

/// <summary>A quick fix offered for a diagnostic; its edits are computed only on <c>ResolveCodeFixAsync</c>.</summary>
public sealed record CodeFixSuggestion(string Title, AnalysisDiagnostic Diagnostic, CodeFixReference Reference);

/// <summary>The provider of a listed fix threw while computing its edits (third-party code); the other fixes are unaffected.</summary>
public sealed class CodeFixFailedException(CodeFixReference reference, string provider, Exception inner)
    : AnalysisException($"the code fix '{reference.Title}' for {reference.DiagnosticId} ({provider}) failed: {inner.Message}", inner)
{
    public CodeFixReference Reference { get; } = reference;
}
