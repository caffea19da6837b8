using CodeImprove.Analysis.Candidates;
using CodeImprove.Analysis.CodeActions;
using CodeImprove.Analysis.Diagnostics;
using CodeImprove.Analysis.Loading;
using CodeImprove.Analysis.Metrics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeImprove.Analysis;

/// <summary>
/// The Roslyn view of a workspace: projects loaded with MSBuildWorkspace, loose files in ad-hoc projects, editor
/// buffers over disk text. It keeps one immutable Solution snapshot and only ever forks it; it never asks a
/// workspace to apply changes, so nothing here writes to disk. Readers capture the snapshot once per request.
/// Positions are 0-based lines and UTF-16 characters (the LSP convention).
/// </summary>
public sealed class AnalysisWorkspace : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Func<ICollection<LoadWarning>, CancellationToken, Task<IReadOnlyList<string>>> _discover;
    private readonly IReadOnlyList<string> _looseFiles;
    private readonly Dictionary<string, (SourceText Text, int Version)> _open = new(StringComparer.Ordinal);
    private Workspace _host;
    private Solution _solution;

    private AnalysisWorkspace(Func<ICollection<LoadWarning>, CancellationToken, Task<IReadOnlyList<string>>> discover, IReadOnlyList<string> looseFiles, Workspace host, WorkspaceLoadResult load)
    {
        _discover = discover;
        _looseFiles = looseFiles;
        _host = host;
        _solution = WithLooseFiles(host.CurrentSolution, looseFiles);
        LoadResult = load;
    }

    /// <summary>Where failures of third-party code (code fix providers and their actions) are reported; they never fail a request.</summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>The outcome of the latest (re)load: loaded projects and the ones that failed, with reasons.</summary>
    public WorkspaceLoadResult LoadResult { get; private set; }

    /// <summary>Opens the workspace folders: the .sln/.slnx at a folder's root, else every .csproj below it.</summary>
    public static Task<AnalysisWorkspace> OpenFoldersAsync(IReadOnlyList<string> folders, IProgress<WorkspaceLoadProgress>? progress = null, CancellationToken cancellationToken = default) =>
        OpenAsync((warnings, ct) => ProjectDiscovery.FindProjectsAsync(folders, warnings, ct), [], progress, cancellationToken);

    /// <summary>
    /// Opens a solution (.sln/.slnx), a project (.csproj), a folder, or a .cs file (with its nearest project above it,
    /// else on its own in an ad-hoc project). A path that does not exist or is of another kind is an <see cref="AnalysisException"/>.
    /// </summary>
    public static Task<AnalysisWorkspace> OpenPathAsync(string path, IProgress<WorkspaceLoadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return OpenFoldersAsync([full], progress, cancellationToken);
        }
        if (!File.Exists(full))
        {
            throw new AnalysisException($"'{path}' does not exist");
        }
        return Path.GetExtension(full).ToLowerInvariant() switch
        {
            ".sln" or ".slnx" => OpenAsync((warnings, ct) => ProjectDiscovery.ProjectsOfSolutionAsync(full, warnings, ct), [], progress, cancellationToken),
            ".csproj" => OpenAsync((_, _) => Task.FromResult<IReadOnlyList<string>>([full]), [], progress, cancellationToken),
            // The nearest project above the file, when it has one; the file itself is added ad hoc if that project does not include it.
            ".cs" => OpenAsync((_, _) => Task.FromResult<IReadOnlyList<string>>(NearestProject(full) is { } project ? [project] : []), [full], progress, cancellationToken),
            _ => throw new AnalysisException($"'{path}' is not a solution, C# project, folder or .cs file"),
        };
    }

    private static async Task<AnalysisWorkspace> OpenAsync(Func<ICollection<LoadWarning>, CancellationToken, Task<IReadOnlyList<string>>> discover, IReadOnlyList<string> looseFiles, IProgress<WorkspaceLoadProgress>? progress, CancellationToken cancellationToken)
    {
        var (host, load) = await LoadAsync(discover, progress, cancellationToken);
        return new AnalysisWorkspace(discover, looseFiles, host, load);
    }

    private static async Task<(Workspace, WorkspaceLoadResult)> LoadAsync(Func<ICollection<LoadWarning>, CancellationToken, Task<IReadOnlyList<string>>> discover, IProgress<WorkspaceLoadProgress>? progress, CancellationToken cancellationToken)
    {
        MsBuildRegistration.EnsureRegistered();
        progress?.Report(new WorkspaceLoadProgress("Looking for projects", 0, 0));
        var warnings = new List<LoadWarning>();
        var projects = await discover(warnings, cancellationToken);
        return await WorkspaceLoader.LoadAsync(projects, warnings, progress, cancellationToken);
    }

    /// <summary>The C# source files of the workspace (generated files under obj/ and bin/ left out), in a stable order.</summary>
    public IReadOnlyList<string> DocumentPaths =>
        Snapshot.Projects.SelectMany(p => p.Documents)
            .Where(d => d.FilePath is not null && !DiskChanges.IsUnderBuildOutput(d))
            .Select(d => d.FilePath!)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

    internal Solution Snapshot
    {
        get
        {
            lock (_gate)
            {
                return _solution;
            }
        }
    }

    /// <summary>An editor opened the document: its text replaces the disk text until it is closed. A file outside every project gets an ad-hoc project.</summary>
    public void OpenDocument(string path, string text, int version) => SetOverlay(path, text, version);

    /// <summary>The editor's new full text of an open document (the client wins over disk).</summary>
    public void UpdateDocument(string path, string text, int version) => SetOverlay(path, text, version);

    /// <summary>The editor closed the document: disk text applies again (a loose file's ad-hoc project goes away).</summary>
    public void CloseDocument(string path)
    {
        var full = Path.GetFullPath(path);
        lock (_gate)
        {
            if (!_open.Remove(full))
            {
                return;
            }
            foreach (var id in _solution.GetDocumentIdsWithFilePath(full))
            {
                var project = _solution.GetProject(id.ProjectId)!;
                if (AdHocProject.IsAdHoc(project) && !_looseFiles.Contains(full))
                {
                    _solution = _solution.RemoveProject(project.Id);
                }
                else if (DiskChanges.TryRead(full) is { } disk)
                {
                    _solution = _solution.WithDocumentText(id, disk, PreservationMode.PreserveIdentity);
                }
            }
        }
    }

    /// <summary>
    /// Follows changes on disk (workspace/didChangeWatchedFiles). Open documents keep the editor's text. A changed
    /// project, solution or MSBuild file reloads everything, reporting through <paramref name="progress"/>.
    /// </summary>
    public async Task<FileChangeResult> ApplyFileChangesAsync(IReadOnlyList<FileChange> changes, IProgress<WorkspaceLoadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var normalized = changes.Select(c => c with { Path = Path.GetFullPath(c.Path) }).ToList();
        if (normalized.Any(DiskChanges.NeedsReload))
        {
            var (host, load) = await LoadAsync(_discover, progress, cancellationToken);
            Workspace old;
            lock (_gate)
            {
                old = _host;
                _host = host;
                _solution = WithLooseFiles(host.CurrentSolution, _looseFiles);
                foreach (var (path, (text, _)) in _open)
                {
                    _solution = WithOverlay(_solution, path, text);
                }
                LoadResult = load;
            }
            old.Dispose();
            return new FileChangeResult(0, load);
        }
        var updated = 0;
        lock (_gate)
        {
            foreach (var change in normalized.Where(c => !_open.ContainsKey(c.Path)))
            {
                var (solution, changed) = DiskChanges.Apply(_solution, change);
                _solution = solution;
                updated += changed ? 1 : 0;
            }
        }
        return new FileChangeResult(updated, null);
    }

    /// <summary>The document's current text (the editor's, when open).</summary>
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
        CodeFixService.ResolveAsync(Find(reference.FilePath).Document, reference, Logger, cancellationToken);

    /// <summary>
    /// Checks replacing <paramref name="range"/> with <paramref name="replacementText"/> on an in-memory fork:
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
        return await CodeFixService.ListAsync(document, range.ToTextSpan(text), view, Logger, cancellationToken);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _host.Dispose();
        }
    }

    private void SetOverlay(string path, string text, int version)
    {
        var full = Path.GetFullPath(path);
        var sourceText = SourceText.From(text);
        lock (_gate)
        {
            _open[full] = (sourceText, version);
            _solution = WithOverlay(_solution, full, sourceText);
        }
    }

    private (Document Document, int? Version) Find(string path)
    {
        var full = Path.GetFullPath(path);
        lock (_gate)
        {
            var ids = _solution.GetDocumentIdsWithFilePath(full);
            if (ids.IsEmpty)
            {
                throw new DocumentNotFoundException(full);
            }
            // A file in several projects (multi-targeting, linked files): prefer a real project over an ad-hoc one.
            var document = ids.Select(_solution.GetDocument).OfType<Document>()
                .OrderBy(d => AdHocProject.IsAdHoc(d.Project) ? 1 : 0)
                .First();
            return (document, _open.TryGetValue(full, out var open) ? open.Version : null);
        }
    }

    private static Solution WithOverlay(Solution solution, string path, SourceText text)
    {
        var ids = solution.GetDocumentIdsWithFilePath(path);
        return ids.IsEmpty
            ? AdHocProject.Add(solution, path, text)
            : ids.Aggregate(solution, (s, id) => s.WithDocumentText(id, text, PreservationMode.PreserveIdentity));
    }

    private static Solution WithLooseFiles(Solution solution, IEnumerable<string> looseFiles) =>
        looseFiles.Aggregate(solution, (s, path) => DiskChanges.TryRead(path) is { } text && s.GetDocumentIdsWithFilePath(path).IsEmpty ? AdHocProject.Add(s, path, text) : s);

    private static string? NearestProject(string file)
    {
        for (var dir = Path.GetDirectoryName(file); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            var projects = Directory.GetFiles(dir, "*.csproj");
            if (projects.Length > 0)
            {
                return projects.Order(StringComparer.Ordinal).First();
            }
        }
        return null;
    }
}
