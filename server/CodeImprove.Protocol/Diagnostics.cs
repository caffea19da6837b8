namespace CodeImprove.Protocol;

public enum DiagnosticSeverity
{
    Error = 1,
    Warning = 2,
    Information = 3,
    Hint = 4,
}

public enum DiagnosticTag
{
    Unnecessary = 1,
    Deprecated = 2,
}

public sealed record CodeDescription(string Href);

public sealed record Diagnostic(Range Range, string Message)
{
    public DiagnosticSeverity? Severity { get; init; }
    public string? Code { get; init; }
    public CodeDescription? CodeDescription { get; init; }
    public string? Source { get; init; }
    public IReadOnlyList<DiagnosticTag>? Tags { get; init; }
}

public sealed record PublishDiagnosticsParams(string Uri, IReadOnlyList<Diagnostic> Diagnostics)
{
    public int? Version { get; init; }
}

/// <summary><c>textDocument/diagnostic</c> (pull).</summary>
public sealed record DocumentDiagnosticParams(TextDocumentIdentifier TextDocument)
{
    public string? Identifier { get; init; }
    public string? PreviousResultId { get; init; }
}

/// <summary>The server always answers with a full report (kind "full").</summary>
public sealed record FullDocumentDiagnosticReport(IReadOnlyList<Diagnostic> Items)
{
    public string Kind => "full";
    public string? ResultId { get; init; }
}

public sealed record DiagnosticOptions(string Identifier, bool InterFileDependencies, bool WorkspaceDiagnostics);
