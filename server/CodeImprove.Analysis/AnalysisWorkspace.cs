using CodeImprove.Analysis.Loading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeImprove.Analysis;

/// <summary>
/// The Roslyn view of a workspace: projects loaded with MSBuildWorkspace, loose files in ad-hoc projects, editor
/// buffers over disk text. It keeps one immutable Solution and only ever forks it; it never asks a
/// workspace to apply changes, so nothing here writes to disk. Every read goes through an <see cref="AnalysisSnapshot"/>.
/// Positions are 0-based lines and UTF-16 characters (the LSP convention).
/// </summary>
public sealed class AnalysisWorkspace : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Func<ICollection<LoadWarning>, CancellationToken, Task<IReadOnlyList<string>>> _discover;
    private readonly IReadOnlyList<string> _looseFiles;
    private readonly Dictionary<string, (SourceText Text, int Version)> _open = new(StringComparer.Ordinal);
    // Open documents whose latest text is not in _solution yet: a keystroke only records its text, and the solution is
    // forked once for all of them when someone reads it (typing at 200 changes/s must not cost a fork each).
    private readonly HashSet<string> _unapplied = new(StringComparer.Ordinal);
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

    /// <summary>
    /// The workspace as it is now, frozen: later edits, file changes and reloads never change a snapshot. A request
    /// takes one before it starts and reads only it (see <see cref="AnalysisSnapshot"/>).
    /// </summary>
    public AnalysisSnapshot Snapshot()
    {
        lock (_gate)
        {
            ApplyOverlays();
            return new AnalysisSnapshot(_solution, _open.ToDictionary(kv => kv.Key, kv => kv.Value.Version, StringComparer.Ordinal), Logger);
        }
    }

    /// <summary>
    /// A snapshot in which <paramref name="path"/> has exactly <paramref name="text"/>: the request's own text, even when the
    /// editor has moved on since (or the workspace finished loading after the request was made). Other documents are as now.
    /// </summary>
    public AnalysisSnapshot Snapshot(string path, string text, int? version)
    {
        var snapshot = Snapshot();
        return snapshot.WithDocumentText(Path.GetFullPath(path), text, version);
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
            _unapplied.Remove(full);
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
                _unapplied.UnionWith(_open.Keys);
                LoadResult = load;
            }
            old.Dispose();
            return new FileChangeResult(0, load);
        }
        var updated = 0;
        lock (_gate)
        {
            ApplyOverlays();
            foreach (var change in normalized.Where(c => !_open.ContainsKey(c.Path)))
            {
                var (solution, changed) = DiskChanges.Apply(_solution, change);
                _solution = solution;
                updated += changed ? 1 : 0;
            }
        }
        return new FileChangeResult(updated, null);
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
            if (_open.TryGetValue(full, out var held) && held.Version > version)
            {
                return; // a replay of open buffers raced a newer edit
            }
            _open[full] = (sourceText, version);
            _unapplied.Add(full);
        }
    }

    /// <summary>Puts the recorded editor texts into the solution; called under the gate before the solution is read.</summary>
    private void ApplyOverlays()
    {
        foreach (var path in _unapplied)
        {
            _solution = WithOverlay(_solution, path, _open[path].Text);
        }
        _unapplied.Clear();
    }

    internal static Solution WithOverlay(Solution solution, string path, SourceText text)
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
