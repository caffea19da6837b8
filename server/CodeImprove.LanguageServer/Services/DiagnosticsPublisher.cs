using System.Collections.Concurrent;
using CodeImprove.Analysis.Diagnostics;
using CodeImprove.Analysis.Metrics;
using CodeImprove.LanguageServer.Conversions;
using CodeImprove.LanguageServer.Documents;
using CodeImprove.Protocol;
using Serilog;

namespace CodeImprove.LanguageServer.Services;

/// <summary>
/// Diagnostics of open C# documents. A client that pulls (<c>textDocument/diagnostic</c>) asks when it wants them and
/// is told to ask again when everything changed; any other client gets <c>textDocument/publishDiagnostics</c>, computed
/// <c>diagnostics.debounceMilliseconds</c> after the last edit and only sent if no newer edit came meanwhile.
/// </summary>
public sealed class DiagnosticsPublisher : IDisposable
{
    private readonly ConcurrentDictionary<string, PendingPublish> pending = new(StringComparer.Ordinal);
    private readonly ClientConnection client;
    private readonly DocumentStore documents;
    private readonly Workspaces analysis;
    private readonly ConfigurationService configuration;
    private readonly ILogger log;

    public DiagnosticsPublisher(ClientConnection client, DocumentStore documents, Workspaces analysis, ConfigurationService configuration, ILogger log)
    {
        this.client = client;
        this.documents = documents;
        this.analysis = analysis;
        this.configuration = configuration;
        this.log = log;
        documents.Changed += OnChanged;
        documents.Closed += OnClosed;
        analysis.Invalidated += RefreshAll;
    }

    /// <summary>From <c>initialized</c> on, a settings change (e.g. thresholds) recomputes every open document's diagnostics.</summary>
    public void Start() => configuration.Changed += _ => RefreshAll();

    private bool ClientPulls => client.Capabilities.TextDocument?.Diagnostic is not null;

    /// <summary>The full report for a pull request, computed on the document as captured before the request ran.</summary>
    public async Task<FullDocumentDiagnosticReport> PullAsync(string uri, TextDocument? captured, CancellationToken cancellationToken)
    {
        if (!analysis.IsAnalyzed(uri))
        {
            return new FullDocumentDiagnosticReport([]);
        }
        var result = await ComputeAsync(uri, captured, cancellationToken);
        return new FullDocumentDiagnosticReport([.. result.Diagnostics.Select(d => d.ToLsp())]);
    }

    private async Task<DocumentDiagnostics> ComputeAsync(string uri, TextDocument? captured, CancellationToken cancellationToken)
    {
        var (path, snapshot) = await analysis.SnapshotAsync(uri, captured, cancellationToken);
        var result = await snapshot.GetDiagnosticsAsync(path, configuration.Current.Thresholds.ToMetricThresholds(), cancellationToken);
        return configuration.Current.Diagnostics.OwnOnly
            ? result with { Diagnostics = [.. result.Diagnostics.Where(d => d.Source == ImprovementFindings.Source)] }
            : result;
    }

    private void OnChanged(TextDocument document) => Schedule(document.Uri, TimeSpan.FromMilliseconds(Math.Max(0, configuration.Current.Diagnostics.DebounceMilliseconds)));

    private void OnClosed(string uri)
    {
        if (pending.TryRemove(uri, out var publish))
        {
            publish.Dispose();
        }
        if (!ClientPulls && Workspaces.IsCSharp(uri))
        {
            _ = client.NotifyAsync(LspMethods.PublishDiagnostics, new PublishDiagnosticsParams(uri, []));
        }
    }

    private void RefreshAll()
    {
        if (ClientPulls)
        {
            if (client.Capabilities.Workspace?.Diagnostics?.RefreshSupport == true)
            {
                _ = RequestRefreshAsync();
            }
            return;
        }
        foreach (var document in documents.All)
        {
            Schedule(document.Uri, TimeSpan.Zero);
        }
    }

    private async Task RequestRefreshAsync()
    {
        try
        {
            await client.RequestAsync<object?, object?>(LspMethods.DiagnosticRefresh, null, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.Debug("The client did not take a diagnostics refresh: {Message}", e.Message);
        }
    }

    private void Schedule(string uri, TimeSpan delay)
    {
        if (ClientPulls || !Workspaces.IsCSharp(uri))
        {
            return;
        }
        if (!analysis.IsAnalyzed(uri))
        {
            // Clears what was published while the document was still analyzed.
            _ = client.NotifyAsync(LspMethods.PublishDiagnostics, new PublishDiagnosticsParams(uri, []));
            return;
        }
        pending.GetOrAdd(uri, u => new PendingPublish(token => PublishAsync(u, token))).Restart(delay);
    }

    private async Task PublishAsync(string uri, CancellationToken token)
    {
        try
        {
            var result = await ComputeAsync(uri, documents.Get(uri), token);
            // A newer edit has its own publish scheduled: never send diagnostics for text the editor no longer shows.
            if (documents.Get(uri) is not { } open || open.Version != result.Version || token.IsCancellationRequested)
            {
                return;
            }
            await client.NotifyAsync(LspMethods.PublishDiagnostics,
                new PublishDiagnosticsParams(uri, [.. result.Diagnostics.Select(d => d.ToLsp())]) { Version = result.Version });
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            log.Warning("Diagnostics for {Uri} failed: {Message:l}", uri, e.Message);
        }
    }

    public void Dispose()
    {
        documents.Changed -= OnChanged;
        documents.Closed -= OnClosed;
        foreach (var publish in pending.Values)
        {
            publish.Dispose();
        }
    }

    /// <summary>
    /// One document's debounced publish: an edit moves its one timer and cancels a computation for older text, so a
    /// keystroke costs no task, timer or cancellation exception of its own.
    /// </summary>
    private sealed class PendingPublish(Func<CancellationToken, Task> publish) : IDisposable
    {
        private readonly Lock gate = new();
        private CancellationTokenSource? running;
        private Timer? timer;

        public void Restart(TimeSpan delay)
        {
            lock (gate)
            {
                running?.Cancel();
                running = null;
                timer ??= new Timer(_ => Fire());
                timer.Change(delay, Timeout.InfiniteTimeSpan);
            }
        }

        private void Fire()
        {
            CancellationTokenSource source;
            lock (gate)
            {
                if (timer is null)
                {
                    return;
                }
                running?.Cancel();
                running = source = new CancellationTokenSource();
            }
            _ = publish(source.Token);
        }

        public void Dispose()
        {
            lock (gate)
            {
                running?.Cancel();
                timer?.Dispose();
                timer = null;
            }
        }
    }
}
