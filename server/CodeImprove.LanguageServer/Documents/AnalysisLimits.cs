namespace CodeImprove.LanguageServer.Documents;

/// <summary>
/// Which open documents the server analyzes. A binary file opened as C#, or a huge generated one, would cost seconds of
/// Roslyn time per keystroke for nothing a user can act on: such documents keep their text sync but get no analysis,
/// diagnostics, code actions or improvements, and the reason is said once.
/// </summary>
public static class AnalysisLimits
{
    public const int MaxAnalyzedChars = 4 * 1024 * 1024;

    /// <summary>Why the document is not analyzed, or null when it is.</summary>
    public static string? Refusal(TextDocument document) =>
        document.Text.Length > MaxAnalyzedChars
            ? $"{Path.GetFileName(DocumentUris.ToPath(document.Uri))} is too large to analyze ({document.Text.Length / 1048576.0:0.0} M characters; the limit is {MaxAnalyzedChars / 1048576} M)"
            : document.Text.Contains('\0', StringComparison.Ordinal)
                ? $"{Path.GetFileName(DocumentUris.ToPath(document.Uri))} looks binary (it contains NUL characters) and is not analyzed"
                : null;
}
