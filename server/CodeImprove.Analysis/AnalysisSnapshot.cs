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

    /// <summary>The C# source files of the workspace (generated files under obj/ and bin/ and files from packages left out), in a stable order.</summary>
    public IReadOnlyList<string> DocumentPaths =>
        _solution.Projects.SelectMany(p => p.Documents)
            .Where(d => d.FilePath is not null && !DiskChanges.IsUnderBuildOutput(d) && !DiskChanges.IsPackageContent(d.FilePath))
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
        var file = await FileAsync(path, null, cancellationToken);
        return (await file.Primary.GetTextAsync(cancellationToken)).ToString();
    }

    /// <summary>
    /// Compiler and analyzer diagnostics of the document in every project and target framework that compiles it (hidden
    /// ones left out; a finding only some frameworks have names them), plus metric findings when thresholds are given.
    /// Version is the editor version they were computed for.
    /// </summary>
    public async Task<DocumentDiagnostics> GetDiagnosticsAsync(string path, MetricThresholds? thresholds = null, CancellationToken cancellationToken = default)
    {
        var file = await FileAsync(path, null, cancellationToken);
        var document = file.Primary;
        var text = await document.GetTextAsync(cancellationToken);
        var perDocument = new List<(Document, IReadOnlyList<AnalysisDiagnostic>)>();
        foreach (var each in file.Documents)
        {
            perDocument.Add((each, (await DiagnosticService.GetAsync(each, cancellationToken))
                .Where(d => d.Severity != DiagnosticSeverity.Hidden)
                .Select(d => DiagnosticService.ToResult(d, each, text))
                .ToList()));
        }
        var results = file.Merge(perDocument).ToList();
        if (thresholds is not null)
        {
            results.AddRange(ImprovementFindings.For(document.FilePath!, await MetricsAsync(file, cancellationToken), thresholds));
        }
        results.Sort((a, b) => (a.Range.Start.Line, a.Range.Start.Character).CompareTo((b.Range.Start.Line, b.Range.Start.Character)));
        return new DocumentDiagnostics(document.FilePath!, VersionOf(document), results);
    }

    /// <summary>
    /// Metrics of every member with a body in the document (syntax only: cheap), members that only some target
    /// frameworks compile (inside <c>#if</c>) included, in the order of the text.
    /// </summary>
    public async Task<IReadOnlyList<MethodMetrics>> GetMetricsAsync(string path, CancellationToken cancellationToken = default) =>
        await MetricsAsync(await FileAsync(path, null, cancellationToken), cancellationToken);

    private static async Task<IReadOnlyList<MethodMetrics>> MetricsAsync(FileInProjects file, CancellationToken cancellationToken)
    {
        var text = await file.Primary.GetTextAsync(cancellationToken);
        var metrics = new List<MethodMetrics>();
        foreach (var root in (await Task.WhenAll(file.Documents.Select(d => d.GetSyntaxRootAsync(cancellationToken)))).Select(r => r!).DistinctBy(r => r.SyntaxTree.Options))
        {
            metrics.AddRange(MetricsCalculator.Compute(root, text).Where(m => !metrics.Any(seen => seen.Range == m.Range)));
        }
        metrics.Sort((a, b) => (a.Range.Start.Line, a.Range.Start.Character).CompareTo((b.Range.Start.Line, b.Range.Start.Character)));
        return metrics;
    }

    /// <summary>The member at the range and, for a non-empty selection, the statements it covers. Syntax only: cheap enough for every cursor move.</summary>
    public async Task<IReadOnlyList<ImproveTarget>> FindImproveTargetsAsync(string path, SourceRange range, CancellationToken cancellationToken = default)
    {
        var document = (await FileAsync(path, range.Start, cancellationToken)).Primary;
        var text = await document.GetTextAsync(cancellationToken);
        var root = await document.GetSyntaxRootAsync(cancellationToken);
        return ImproveTargetFinder.Find(root!, text, range.ToTextSpan(text));
    }

    /// <summary>
    /// The document's syntax as the first project that compiles <paramref name="at"/> parses it (with that project's
    /// preprocessor symbols, so a member inside <c>#if</c> is code, not disabled text).
    /// </summary>
    public async Task<SyntaxNode> GetSyntaxRootAsync(string path, SourcePosition at, CancellationToken cancellationToken = default) =>
        await (await FileAsync(path, at, cancellationToken)).Primary.GetSyntaxRootAsync(cancellationToken) ?? throw new InvalidOperationException("no syntax tree");

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
    public async Task<WorkspaceEditResult?> ResolveCodeFixAsync(CodeFixReference reference, CancellationToken cancellationToken = default) =>
        await CodeFixService.ResolveAsync((await FileAsync(reference.FilePath, reference.DiagnosticRange.Start, cancellationToken)).Primary, reference, _logger, cancellationToken);

    /// <summary>
    /// Checks replacing <paramref name="range"/> with <paramref name="replacementText"/> on an in-memory fork of this snapshot,
    /// in every project and target framework that compiles the file: parse errors, diagnostics introduced/removed (here and
    /// in documents that may depend on it; the project's and the improvement rules', see <see cref="GetImprovementFixesAsync"/>;
    /// a finding only some frameworks have names them), metrics before/after, visible API change, and the replacement with
    /// its changed lines formatted by the project's options. Nothing is written; nothing runs.
    /// </summary>
    public async Task<CandidateReport> CheckCandidateAsync(string documentPath, SourceRange range, string replacementText, CancellationToken cancellationToken = default)
    {
        var file = await FileAsync(documentPath, range.Start, cancellationToken);
        var text = await file.Primary.GetTextAsync(cancellationToken);
        return await CandidateChecker.CheckAsync(file, range.ToTextSpan(text), replacementText, cancellationToken);
    }

    private async Task<IReadOnlyList<CodeFixSuggestion>> ListCodeFixesAsync(string path, SourceRange range, DiagnosticView view, CancellationToken cancellationToken)
    {
        var document = (await FileAsync(path, range.Start, cancellationToken)).Primary;
        var text = await document.GetTextAsync(cancellationToken);
        return await CodeFixService.ListAsync(document, range.ToTextSpan(text), view, _logger, cancellationToken);
    }

    /// <summary>The file's documents, the primary one compiled at <paramref name="at"/> (see <see cref="FileInProjects"/>).</summary>
    private async Task<FileInProjects> FileAsync(string path, SourcePosition? at, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        return await FileInProjects.FindAsync(_solution, full, at, cancellationToken) ?? throw new DocumentNotFoundException(full);
    }

    private int? VersionOf(Document document) => _versions.TryGetValue(document.FilePath!, out var version) ? version : null;
}
