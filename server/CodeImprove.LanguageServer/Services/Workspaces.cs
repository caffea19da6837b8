using System.Collections.Concurrent;
using CodeImprove.Analysis;
using CodeImprove.Analysis.Loading;
using CodeImprove.Engine;
using CodeImprove.Engine.Sessions;
using CodeImprove.LanguageServer.Documents;
using CodeImprove.Protocol;
using Serilog;

namespace CodeImprove.LanguageServer.Services;

/// <summary>
/// The engine's workspace sessions as the server sees them: one per workspace folder, created on <c>initialize</c> and
/// loaded in the background after <c>initialized</c> with <c>$/progress</c>; open C# buffers are routed to their folder's
/// session and overlay the disk (the editor's text wins); watched file changes update them. Requests take a snapshot
/// through <see cref="SnapshotAsync"/> and read nothing else.
/// </summary>
public sealed class Workspaces : IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly ClientConnection client;
    private readonly DocumentStore documents;
    private readonly WorkDoneProgress progress;
    private readonly StatusReporter status;
    private readonly ILogger log;
    private readonly ConcurrentDictionary<string, string> refused = new(StringComparer.Ordinal);
    private WorkspaceSessions? sessions;
    private Task fileChanges = Task.CompletedTask;
    private int deferred;
    private int loading;

    public Workspaces(ClientConnection client, DocumentStore documents, WorkDoneProgress progress, StatusReporter status, ILogger log)
    {
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

    public WorkspaceSessions Sessions => sessions ?? throw new InvalidOperationException("the workspace is opened on initialize");

    /// <summary>Opens one session per folder (none yet loaded); called by <c>initialize</c>.</summary>
    public void Initialize(IReadOnlyList<string> folders, Engine.Configuration.CodeImproveOptions options, SessionContext context) =>
        sessions = new WorkspaceSessions(folders, options, context);

    /// <summary>New settings for every session (the sessions exist from <c>initialize</c> on).</summary>
    public void ReconfigureSessions(Engine.Configuration.CodeImproveOptions options) => sessions?.Reconfigure(options);

    /// <summary>The session a document belongs to.</summary>
    public WorkspaceSession For(string uri) => Sessions.For(DocumentUris.ToPath(uri));

    public static bool IsCSharp(string uri) =>
        uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && uri.EndsWith(".cs", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why an open document is not analyzed (see <see cref="AnalysisLimits"/>), or null.</summary>
    public string? Refusal(string uri) => refused.GetValueOrDefault(uri);

    /// <summary>A C# document the server analyzes: not refused by <see cref="AnalysisLimits"/>.</summary>
    public bool IsAnalyzed(string uri) => IsCSharp(uri) && !refused.ContainsKey(uri);

    /// <summary>
    /// The request's snapshot of a document: the text captured before the handler ran (or the file on disk when the
    /// editor does not have it open) over its session's workspace, once loaded.
    /// </summary>
    public async Task<(string Path, AnalysisSnapshot Snapshot)> SnapshotAsync(string uri, TextDocument? captured, CancellationToken cancellationToken)
    {
        var path = DocumentUris.ToPath(uri);
        StartDeferredLoad();
        return (path, await Sessions.For(path).SnapshotAsync(path, captured?.Text, captured?.Version, cancellationToken));
    }

    /// <summary>
    /// Starts loading every session; returns at once (the load reports through progress and <see cref="StatusReporter"/>).
    /// Without workspace folders there are no projects to load, so Roslyn and MSBuild are not loaded until a C# file is
    /// opened or a request needs the workspace: an editor with no folder open keeps a light server.
    /// </summary>
    public Task LoadAsync()
    {
        if (Sessions.All is [{ Folder: null }])
        {
            Interlocked.Exchange(ref deferred, 1);
            status.SetWorkspace("idle");
            return Task.CompletedTask;
        }
        return Task.WhenAll(Sessions.All.Select(session => Task.Run(() => LoadSessionAsync(session))));
    }

    private void StartDeferredLoad()
    {
        if (Interlocked.Exchange(ref deferred, 0) == 1)
        {
            _ = Task.Run(() => LoadSessionAsync(Sessions.All[0]));
        }
    }

    private async Task LoadSessionAsync(WorkspaceSession session)
    {
        Interlocked.Increment(ref loading);
        status.SetWorkspace("loading");
        var name = session.Folder is null ? "C# files" : Path.GetFileName(session.Folder);
        await using var scope = await progress.BeginAsync($"CodeImprove: loading C# projects of {name}", null, cancellable: false, CancellationToken.None);
        WorkspaceLoadResult result;
        try
        {
            result = await session.LoadAsync(new ProgressReporter(scope));
        }
        catch (Exception e)
        {
            log.Error(e, "Loading the workspace {Folder} failed", session.Folder);
            Interlocked.Decrement(ref loading);
            status.SetWorkspace("failed");
            await scope.EndAsync("failed");
            await client.ShowMessageAsync(MessageType.Error, $"CodeImprove could not load the workspace {name}: {e.Message}");
            return;
        }
        lock (gate)
        {
            OverlayOpenDocuments(session);
        }
        await scope.EndAsync($"{result.LoadedProjects.Count} project(s) loaded in {result.Elapsed.TotalSeconds:0.0} s");
        log.Information("Workspace {Folder} loaded: {Count} projects in {Seconds:0.0} s", session.Folder, result.LoadedProjects.Count, result.Elapsed.TotalSeconds);
        await ReportWarningsAsync(result);
        if (Interlocked.Decrement(ref loading) == 0)
        {
            status.SetWorkspace("ready");
        }
        Invalidated?.Invoke();
    }

    /// <summary>
    /// Queues <c>workspace/didChangeWatchedFiles</c> changes, applied in arrival order in the background (a project reload
    /// takes seconds and must not hold back typing): source files update documents, project files reload their session.
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
        foreach (var group in changes.GroupBy(c => Sessions.For(c.Path)))
        {
            FileChangeResult result;
            try
            {
                var analysis = await group.Key.AnalysisAsync(CancellationToken.None);
                result = await analysis.ApplyFileChangesAsync([.. group]);
            }
            catch (Exception e)
            {
                log.Warning("Applying {Count} file changes failed: {Message:l}", group.Count(), e.Message);
                continue;
            }
            if (result.Reload is { } reload)
            {
                log.Information("Projects changed on disk: reloaded {Count} projects", reload.LoadedProjects.Count);
                lock (gate)
                {
                    OverlayOpenDocuments(group.Key);
                }
                await ReportWarningsAsync(reload);
            }
            if (result.Reload is not null || result.DocumentsUpdated > 0)
            {
                Invalidated?.Invoke();
            }
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

    /// <summary>Puts the session's open buffers over its (re)loaded workspace: the editor's text wins over the disk.</summary>
    private void OverlayOpenDocuments(WorkspaceSession session)
    {
        foreach (var document in documents.All.Where(d => IsCSharp(d.Uri) && For(d.Uri) == session))
        {
            Overlay(document);
        }
    }

    private void Overlay(TextDocument document)
    {
        if (!IsCSharp(document.Uri) || sessions is null)
        {
            return;
        }
        StartDeferredLoad();
        var path = DocumentUris.ToPath(document.Uri);
        var analysis = For(document.Uri).LoadedAnalysis;
        if (AnalysisLimits.Refusal(document) is { } reason)
        {
            if (refused.TryAdd(document.Uri, reason))
            {
                log.Warning("{Reason:l}", reason);
                _ = client.ShowMessageAsync(MessageType.Warning, $"CodeImprove: {reason}.");
            }
            lock (gate)
            {
                analysis?.CloseDocument(path); // the analysis falls back to the disk text
            }
            return;
        }
        refused.TryRemove(document.Uri, out _);
        lock (gate)
        {
            analysis?.UpdateDocument(path, document.Text, document.Version);
        }
    }

    private void RemoveOverlay(string uri)
    {
        if (!IsCSharp(uri) || sessions is null)
        {
            return;
        }
        refused.TryRemove(uri, out _);
        lock (gate)
        {
            For(uri).LoadedAnalysis?.CloseDocument(DocumentUris.ToPath(uri));
        }
    }

    public async ValueTask DisposeAsync()
    {
        documents.Changed -= Overlay;
        documents.Closed -= RemoveOverlay;
        if (sessions is not null)
        {
            await sessions.DisposeAsync();
        }
    }

    /// <summary>Load progress as <c>$/progress</c> reports (fire and forget: the load never waits for the client).</summary>
    private sealed class ProgressReporter(ProgressScope scope) : IProgress<WorkspaceLoadProgress>
    {
        public void Report(WorkspaceLoadProgress value) =>
            _ = scope.ReportAsync(value.Message, value.Total > 0 ? Math.Clamp(value.Done * 100 / value.Total, 0, 100) : null);
    }
}
