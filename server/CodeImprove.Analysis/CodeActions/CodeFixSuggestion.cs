using CodeImprove.Analysis.Diagnostics;

namespace CodeImprove.Analysis.CodeActions;

/// <summary>
/// Enough to find a quick fix again later (in codeAction/resolve): plain data a host can round-trip as JSON.
/// </summary>
public sealed record CodeFixReference(string FilePath, string DiagnosticId, SourceRange DiagnosticRange, string Title, string? EquivalenceKey);

/// <summary>A quick fix offered for a diagnostic; its edits are computed only on <c>ResolveCodeFixAsync</c>.</summary>
public sealed record CodeFixSuggestion(string Title, AnalysisDiagnostic Diagnostic, CodeFixReference Reference);
