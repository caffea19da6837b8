using System.Collections.Concurrent;
using CodeImprove.Analysis;
using CodeImprove.Analysis.Loading;
using CodeImprove.LanguageServer.Documents;
using CodeImprove.Protocol;
using Serilog;

namespace CodeImprove.LanguageServer.Services;

/// <summary>
/// The Roslyn workspace of the open folders: loaded in the background after <c>initialized</c> with <c>$/progress</c>,
/// overlaid with the editor's open C# buffers (the editor's text wins over the disk), and updated from watched file
/// changes. Requests that need it wait for the load.
/// </summary>
public sealed class WorkspaceAnalysis : IDisposable
{
    private readonly TaskCompletionSource<AnalysisWorkspace> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock gate = new();
    private readonly ClientConnection client;
    private readonly DocumentStore documents;
    private readonly WorkDoneProgress progress;
    private readonly StatusReporter status;
    private readonly ILogger log;
    private readonly Microsoft.Extensions.Logging.ILogger analysisLog;
    private AnalysisWorkspace? workspace;
    private Task fileChanges = Task.CompletedTask;
    private int deferred;
    private readonly ConcurrentDictionary<string, string> refused = new(StringComparer.Ordinal);

    public WorkspaceAnalysis(ClientConnection client, DocumentStore documents, WorkDoneProgress progress, StatusReporter status,
        Microsoft.Extensions.Logging.ILogger analysisLog, ILogger log)
    {
        this.analysisLog = analysisLog;
        this.client = client;
        this.documents = documents;
        this.progress = progress;
        this.status = status;
        this.log = log;
        documents.Changed += Overlay;
        documents.Closed += RemoveOverlay;
    }

    /// <summary>Raised when diagnostics of every open document may have changed (load, reload, files changed on disk).</summary>
    public event Action? Invalidated;

    public Task<AnalysisWorkspace> GetAsync(CancellationToken cancellationToken)
    {
        StartDeferredLoad();
        return ready.Task.WaitAsync(cancellationToken);
    }

    public static bool IsCSharp(string uri) =>
        uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && uri.EndsWith(".cs", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why an open document is not analyzed (see <see cref="AnalysisLimits"/>), or null.</summary>
    public string? Refusal(string uri) => refused.GetValueOrDefault(uri);

    /// <summary>A C# document the server analyzes: not refused by <see cref="AnalysisLimits"/>.</summary>
    public bool IsAnalyzed(string uri) => IsCSharp(uri) && !refused.ContainsKey(uri);

    /// <summary>
    /// Starts loading; returns at once (the load reports through progress and <see cref="StatusReporter"/>). Without
    /// workspace folders there are no projects to load, so Roslyn and MSBuild are not loaded until a C# file is opened
    /// or something asks for the workspace: an editor with no folder open keeps a light server.
    /// </summary>
    public Task LoadAsync(IReadOnlyList<string> folders)
    {
        if (folders.Count == 0)
        {
            Interlocked.Exchange(ref deferred, 1);
            status.SetWorkspace("idle");
            return Task.CompletedTask;
        }
        return Task.Run(() => LoadCoreAsync(folders));
    }

    private void StartDeferredLoad()
    {
        if (Interlocked.Exchange(ref deferred, 0) == 1)
        {
            _ = Task.Run(() => LoadCoreAsync([]));
        }
    }

    private async Task LoadCoreAsync(IReadOnlyList<string> folders)
    {
        status.SetWorkspace("loading");
        await using var scope = await progress.BeginAsync("CodeImprove: loading C# projects", null, cancellable: false, CancellationToken.None);
        AnalysisWorkspace loaded;
        try
        {
            loaded = await AnalysisWorkspace.OpenFoldersAsync(folders, new ProgressReporter(scope));
        }
        catch (Exception e)
        {
            log.Error(e, "Loading the workspace failed");
            status.SetWorkspace("failed");
            await scope.EndAsync("failed");
            await client.ShowMessageAsync(MessageType.Error, $"CodeImprove could not load the workspace: {e.Message}");
            ready.TrySetException(new AnalysisException($"the workspace could not be loaded: {e.Message}"));
            return;
        }
        loaded.Logger = analysisLog; // e.g. a third-party code fix provider that throws
        lock (gate)
        {
            workspace = loaded;
            OverlayOpenDocuments();
        }
        var result = loaded.LoadResult;
        await scope.EndAsync($"{result.LoadedProjects.Count} project(s) loaded in {result.Elapsed.TotalSeconds:0.0} s");
        log.Information("Workspace loaded: {Count} projects in {Seconds:0.0} s", result.LoadedProjects.Count, result.Elapsed.TotalSeconds);
        await ReportWarningsAsync(result);
        status.SetWorkspace("ready");
        ready.TrySetResult(loaded);
        Invalidated?.Invoke();
    }

    /// <summary>
    /// Queues <c>workspace/didChangeWatchedFiles</c> changes, applied in arrival order in the background (a project reload
    /// takes seconds and must not hold back typing): source files update documents, project files reload everything.
    /// </summary>
    public Task QueueFileChanges(IReadOnlyList<FileChange> changes)
    {
        lock (gate)
        {
            return fileChanges = fileChanges.ContinueWith(_ => ApplyFileChangesAsync(changes), TaskScheduler.Default).Unwrap();
        }
    }

    private async Task ApplyFileChangesAsync(IReadOnlyList<FileChange> changes)
    {
        FileChangeResult result;
        try
        {
            var current = await GetAsync(CancellationToken.None);
            result = await current.ApplyFileChangesAsync(changes);
        }
        catch (Exception e)
        {
            log.Warning("Applying {Count} file changes failed: {Message:l}", changes.Count, e.Message);
            return;
        }
        if (result.Reload is { } reload)
        {
            log.Information("Projects changed on disk: reloaded {Count} projects", reload.LoadedProjects.Count);
            OverlayOpenDocuments();
            await ReportWarningsAsync(reload);
        }
        if (result.Reload is not null || result.DocumentsUpdated > 0)
        {
            Invalidated?.Invoke();
        }
    }

    private async Task ReportWarningsAsync(WorkspaceLoadResult result)
    {
        if (result.Warnings.Count == 0)
        {
            return;
        }
        foreach (var warning in result.Warnings)
        {
            log.Warning("Project {Project} did not load: {Message:l}", warning.ProjectPath ?? "(workspace)", warning.Message);
        }
        var lines = result.Warnings.Select(w => $"{(w.ProjectPath is null ? "" : Path.GetFileName(w.ProjectPath) + ": ")}{w.Message}");
        await client.ShowMessageAsync(MessageType.Warning,
            $"CodeImprove could not load {result.Warnings.Count} project(s); the others are served. {string.Join(" | ", lines)}");
    }

    /// <summary>Puts every open buffer over the (re)loaded workspace: the editor's text wins over the disk.</summary>
    private void OverlayOpenDocuments()
    {
        foreach (var document in documents.All)
        {
            Overlay(document);
        }
    }

    private void Overlay(TextDocument document)
    {
        if (!IsCSharp(document.Uri))
        {
            return;
        }
        StartDeferredLoad();
        var path = DocumentUris.ToPath(document.Uri);
        if (AnalysisLimits.Refusal(document) is { } reason)
        {
            if (refused.TryAdd(document.Uri, reason))
            {
                log.Warning("{Reason:l}", reason);
                _ = client.ShowMessageAsync(MessageType.Warning, $"CodeImprove: {reason}.");
            }
            lock (gate)
            {
                workspace?.CloseDocument(path); // the analysis falls back to the disk text
            }
            return;
        }
        refused.TryRemove(document.Uri, out _);
        lock (gate)
        {
            workspace?.UpdateDocument(path, document.Text, document.Version);
        }
    }

    private void RemoveOverlay(string uri)
    {
        if (!IsCSharp(uri))
        {
            return;
        }
        refused.TryRemove(uri, out _);
        lock (gate)
        {
            workspace?.CloseDocument(DocumentUris.ToPath(uri));
        }
    }

    public void Dispose()
    {
        documents.Changed -= Overlay;
        documents.Closed -= RemoveOverlay;
        workspace?.Dispose();
    }

    /// <summary>Load progress as <c>$/progress</c> reports (fire and forget: the load never waits for the client).</summary>
    private sealed class ProgressReporter(ProgressScope scope) : IProgress<WorkspaceLoadProgress>
    {
        public void Report(WorkspaceLoadProgress value) =>
            _ = scope.ReportAsync(value.Message, value.Total > 0 ? Math.Clamp(value.Done * 100 / value.Total, 0, 100) : null);
    }
}
