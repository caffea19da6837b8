namespace CodeImprove.Analysis.Diagnostics;

/// <summary>Severity with LSP's numbering (1 = Error ... 4 = Hint), so a host can cast it.</summary>
public enum DiagnosticLevel
{
    Error = 1,
    Warning = 2,
    Information = 3,
    Hint = 4,
}

/// <summary>One diagnostic of a document: from the compiler, an analyzer the project references, or CodeImprove's metrics.</summary>
/// <param name="Source">"csharp" for the compiler, the analyzer assembly's name for analyzers, "codeimprove" for metric findings.</param>
/// <param name="HelpLink">The rule's documentation (LSP codeDescription.href), when the rule names one.</param>
/// <param name="IsUnnecessary">Code the rule marks as unnecessary (LSP tag 1, faded in editors).</param>
/// <param name="IsDeprecated">Use of an obsolete symbol (LSP tag 2).</param>
public sealed record AnalysisDiagnostic(
    string FilePath,
    SourceRange Range,
    string Id,
    string Message,
    DiagnosticLevel Severity,
    string Source,
    string? HelpLink,
    bool IsUnnecessary = false,
    bool IsDeprecated = false);

/// <summary>The diagnostics of one document, for the text version they were computed from (null: disk text).</summary>
public sealed record DocumentDiagnostics(string FilePath, int? Version, IReadOnlyList<AnalysisDiagnostic> Diagnostics);
