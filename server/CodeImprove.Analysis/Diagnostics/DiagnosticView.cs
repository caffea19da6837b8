namespace CodeImprove.Analysis.Diagnostics;

/// <summary>Which analyzers a diagnostics request runs.</summary>
internal enum DiagnosticView
{
    /// <summary>What the project's build reports: the compiler and the project's analyzers at its severities (published to the editor).</summary>
    Project,

    /// <summary>
    /// The project's view plus the <see cref="ImprovementRules"/> at suggestion severity at least (built-in analyzers where the
    /// project has none): what the no-model default draws code fixes from and what candidates are checked and scored on.
    /// </summary>
    Improvement,

    /// <summary>
    /// The improvement view without hidden diagnostics: what candidates are compared on. Analyzers whose rules can only be
    /// hidden are not run for it, which keeps a check on a fresh compilation cheap.
    /// </summary>
    Candidate,
}
