using CodeImprove.Analysis;
using CodeImprove.Analysis.CodeActions;
using CodeImprove.Analysis.Diagnostics;
using CodeImprove.Analysis.Metrics;
using CodeImprove.Engine.Configuration;
using CodeImprove.LanguageServer.Documents;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Conversions;

/// <summary>Analysis results as LSP types. Both sides count lines from 0 and characters in UTF-16, so ranges map one to one.</summary>
internal static class AnalysisConversions
{
    public static Protocol.Range ToLsp(this SourceRange range) =>
        new(new Position(range.Start.Line, range.Start.Character), new Position(range.End.Line, range.End.Character));

    public static SourceRange ToSource(this Protocol.Range range) =>
        SourceRange.Of(range.Start.Line, range.Start.Character, range.End.Line, range.End.Character);

    public static Diagnostic ToLsp(this AnalysisDiagnostic diagnostic) => new(diagnostic.Range.ToLsp(), diagnostic.Message)
    {
        Severity = (DiagnosticSeverity)diagnostic.Severity,
        Code = diagnostic.Id,
        Source = diagnostic.Source,
        CodeDescription = Uri.TryCreate(diagnostic.HelpLink, UriKind.Absolute, out var help) ? new CodeDescription(help.AbsoluteUri) : null,
        Tags = (diagnostic.IsUnnecessary, diagnostic.IsDeprecated) switch
        {
            (false, false) => null,
            (true, false) => [DiagnosticTag.Unnecessary],
            (false, true) => [DiagnosticTag.Deprecated],
            _ => [DiagnosticTag.Unnecessary, DiagnosticTag.Deprecated],
        },
    };

    public static MetricThresholds ToMetricThresholds(this ThresholdSettings thresholds) =>
        new(thresholds.CyclomaticComplexity, thresholds.MaintainabilityIndex, thresholds.NestingDepth, thresholds.MethodLines);

    /// <summary>Text edits per document. Fixes that create or delete files cannot be expressed with <c>changes</c> and are refused.</summary>
    public static WorkspaceEdit ToLsp(this WorkspaceEditResult result)
    {
        if (result.Created.Count > 0 || result.Deleted.Count > 0)
        {
            throw new NotSupportedException("this fix creates or deletes files, which CodeImprove does not apply yet");
        }
        return new WorkspaceEdit(result.Changes.ToDictionary(
            change => DocumentUris.FromPath(change.FilePath),
            change => (IReadOnlyList<TextEdit>)[.. change.Edits.Select(e => new TextEdit(e.Range.ToLsp(), e.NewText))]));
    }
}
