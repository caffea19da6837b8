using CodeImprove.Analysis.Candidates;
using CodeImprove.Analysis.CodeActions;
using CodeImprove.Analysis.Diagnostics;
using CodeImprove.Analysis.Loading;
using CodeImprove.Analysis.Metrics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Microsoft.Extensions.Logging;

namespace CodeImprove.Analysis;

/// <summary>
/// One immutable Roslyn <see cref="Solution"/> of the workspace and the editor versions of its open documents: everything
/// a request reads. Every read of one request (a diagnostics pass, a code action, each stage and candidate check of an
/// improve run) goes to the same snapshot, so ranges computed on its text stay valid whatever the editor does meanwhile.
/// Positions are 0-based lines and UTF-16 characters (the LSP convention).
/// </summary>
public sealed class AnalysisSnapshot
{
    private readonly Solution _solution;
    private readonly IReadOnlyDictionary<string, int> _versions;
    private readonly ILogger _logger;

    internal AnalysisSnapshot(Solution solution, IReadOnlyDictionary<string, int> versions, ILogger logger)
    {
        _solution = solution;
        _versions = versions;
        _logger = logger;
    }

    internal Solution Solution => _solution;

    /// <summary>The C# source files of the workspace (generated files under obj/ and bin/ left out), in a stable order.</summary>
    public IReadOnlyList<string> DocumentPaths =>
        _solution.Projects.SelectMany(p => p.Documents)
            .Where(d => d.FilePath is not null && !DiskChanges.IsUnderBuildOutput(d))
            .Select(d => d.FilePath!)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>This snapshot with one document's text replaced (added ad hoc when no project holds it); this one is unchanged.</summary>
    public AnalysisSnapshot WithDocumentText(string path, string text, int? version)
    {
        var full = Path.GetFullPath(path);
        var ids = _solution.GetDocumentIdsWithFilePath(full);
        if (!ids.IsEmpty && ids.All(id => _solution.GetDocument(id)!.TryGetText(out var current) && current.ToString() == text)
            && (version is null ? !_versions.ContainsKey(full) : _versions.GetValueOrDefault(full, -1) == version))
        {
            return this;
        }
        var versions = new Dictionary<string, int>(_versions, StringComparer.Ordinal);
        if (version is { } v)
        {
            versions[full] = v;
        }
        else
        {
            versions.Remove(full);
        }
        return new AnalysisSnapshot(AnalysisWorkspace.WithOverlay(_solution, full, SourceText.From(text)), versions, _logger);
    }

    /// <summary>The document's text in this snapshot.</summary>
    public async Task<string> GetTextAsync(string path, CancellationToken cancellationToken = default)
    {
        var (document, _) = Find(path);
        return (await document.GetTextAsync(cancellationToken)).ToString();
    }

    /// <summary>
    /// Compiler and analyzer diagnostics of the document (hidden ones left out), plus metric findings when
    /// thresholds are given. Version is the editor version they were computed for.
    /// </summary>
    public async Task<DocumentDiagnostics> GetDiagnosticsAsync(string path, MetricThresholds? thresholds = null, CancellationToken cancellationToken = default)
    {
        var (document, version) = Find(path);
        var text = await document.GetTextAsync(cancellationToken);
        var results = (await DiagnosticService.GetAsync(document, cancellationToken))
            .Where(d => d.Severity != DiagnosticSeverity.Hidden)
            .Select(d => DiagnosticService.ToResult(d, document, text))
            .ToList();
        if (thresholds is not null)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken);
            results.AddRange(ImprovementFindings.For(document.FilePath!, MetricsCalculator.Compute(root!, text), thresholds));
        }
        results.Sort((a, b) => (a.Range.Start.Line, a.Range.Start.Character).CompareTo((b.Range.Start.Line, b.Range.Start.Character)));
        return new DocumentDiagnostics(document.FilePath!, version, results);
    }

    /// <summary>Metrics of every member with a body in the document (syntax only: cheap).</summary>
    public async Task<IReadOnlyList<MethodMetrics>> GetMetricsAsync(string path, CancellationToken cancellationToken = default)
    {
        var (document, _) = Find(path);
        var root = await document.GetSyntaxRootAsync(cancellationToken);
        return MetricsCalculator.Compute(root!, await document.GetTextAsync(cancellationToken));
    }

    /// <summary>The member at the range and, for a non-empty selection, the statements it covers. Syntax only: cheap enough for every cursor move.</summary>
    public async Task<IReadOnlyList<ImproveTarget>> FindImproveTargetsAsync(string path, SourceRange range, CancellationToken cancellationToken = default)
    {
        var (document, _) = Find(path);
        var text = await document.GetTextAsync(cancellationToken);
        var root = await document.GetSyntaxRootAsync(cancellationToken);
        return ImproveTargetFinder.Find(root!, text, range.ToTextSpan(text));
    }

    /// <summary>
    /// Quick fixes offered by the project's code fix providers for diagnostics touching the range (titles only).
    /// A provider that throws is logged and left out.
    /// </summary>
    public Task<IReadOnlyList<CodeFixSuggestion>> GetCodeFixesAsync(string path, SourceRange range, CancellationToken cancellationToken = default) =>
        ListCodeFixesAsync(path, range, DiagnosticView.Project, cancellationToken);

    /// <summary>
    /// Code fixes for the diagnostics touching the range, the improvement rules included (simplifications, pattern matching,
    /// collection expressions, cheaper calls; from built-in analyzers where the project references none): the no-model
    /// default's candidates. What the editor is shown (<see cref="GetDiagnosticsAsync"/>) does not change.
    /// </summary>
    public Task<IReadOnlyList<CodeFixSuggestion>> GetImprovementFixesAsync(string path, SourceRange range, CancellationToken cancellationToken = default) =>
        ListCodeFixesAsync(path, range, DiagnosticView.Improvement, cancellationToken);

    /// <summary>
    /// The edits of a fix listed earlier, or null when the fix is no longer offered (the document changed).
    /// A provider that throws while computing them is logged and reported as a <see cref="CodeFixFailedException"/>.
    /// </summary>
    public Task<WorkspaceEditResult?> ResolveCodeFixAsync(CodeFixReference reference, CancellationToken cancellationToken = default) =>
        CodeFixService.ResolveAsync(Find(reference.FilePath).Document, reference, _logger, cancellationToken);

    /// <summary>
    /// Checks replacing <paramref name="range"/> with <paramref name="replacementText"/> on an in-memory fork of this snapshot:
    /// parse errors, diagnostics introduced/removed (here and in documents that may depend on it; the project's and the
    /// improvement rules', see <see cref="GetImprovementFixesAsync"/>), metrics before/after,
    /// visible API change, and the replacement formatted with the project's options. Nothing is written; nothing runs.
    /// </summary>
    public async Task<CandidateReport> CheckCandidateAsync(string documentPath, SourceRange range, string replacementText, CancellationToken cancellationToken = default)
    {
        var (document, _) = Find(documentPath);
        var text = await document.GetTextAsync(cancellationToken);
        return await CandidateChecker.CheckAsync(document, range.ToTextSpan(text), replacementText, cancellationToken);
    }

    private async Task<IReadOnlyList<CodeFixSuggestion>> ListCodeFixesAsync(string path, SourceRange range, DiagnosticView view, CancellationToken cancellationToken)
    {
        var (document, _) = Find(path);
        var text = await document.GetTextAsync(cancellationToken);
        return await CodeFixService.ListAsync(document, range.ToTextSpan(text), view, _logger, cancellationToken);
    }

    private (Document Document, int? Version) Find(string path)
    {
        var full = Path.GetFullPath(path);
        var ids = _solution.GetDocumentIdsWithFilePath(full);
        if (ids.IsEmpty)
        {
            throw new DocumentNotFoundException(full);
        }
        // A file in several projects (multi-targeting, linked files): prefer a real project over an ad-hoc one.
        var document = ids.Select(_solution.GetDocument).OfType<Document>()
            .OrderBy(d => AdHocProject.IsAdHoc(d.Project) ? 1 : 0)
            .First();
        return (document, _versions.TryGetValue(full, out var version) ? version : null);
    }
}
