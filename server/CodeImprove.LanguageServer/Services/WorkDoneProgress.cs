using System.Collections.Concurrent;
using CodeImprove.Protocol;
using Serilog;

namespace CodeImprove.LanguageServer.Services;

/// <summary>
/// Reports long work with <c>$/progress</c>: on a token the client sent with its request, or on one the server
/// creates with <c>window/workDoneProgress/create</c> when the client supports it. Without either, nothing is sent.
/// </summary>
public sealed class WorkDoneProgress(ClientConnection client, ILogger log)
{
    private readonly ConcurrentDictionary<ProgressToken, ProgressScope> active = new();
    private long nextToken;

    /// <summary><c>window/workDoneProgress/cancel</c>: the user pressed cancel on a progress the server created.</summary>
    public void Cancel(ProgressToken token)
    {
        if (active.TryGetValue(token, out var scope))
        {
            scope.Cancel();
        }
    }

    public async Task<ProgressScope> BeginAsync(string title, ProgressToken? clientToken, bool cancellable, CancellationToken cancellationToken)
    {
        var token = clientToken;
        if (token is null && client.Capabilities.Window?.WorkDoneProgress == true)
        {
            var created = ProgressToken.From($"codeimprove/{Interlocked.Increment(ref nextToken)}");
            try
            {
                await client.RequestAsync<WorkDoneProgressCreateParams, object?>(LspMethods.WorkDoneProgressCreate, new WorkDoneProgressCreateParams(created), cancellationToken);
                token = created;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.Warning("The client refused a progress token ({Message}); '{Title}' runs without progress", e.Message, title);
            }
        }
        var scope = new ProgressScope(client, token, t => active.TryRemove(t, out _));
        if (token is { } registered)
        {
            active[registered] = scope;
        }
        await scope.SendAsync(new WorkDoneProgressBegin(title) { Cancellable = cancellable });
        return scope;
    }
}

/// <summary>One begin ... report ... end sequence. Ending is idempotent; disposing ends it.</summary>
public sealed class ProgressScope(ClientConnection client, ProgressToken? token, Action<ProgressToken> forget) : IAsyncDisposable
{
    private readonly CancellationTokenSource cancelled = new();
    private int ended;

    /// <summary>Fires when the user cancels the progress in the editor.</summary>
    public CancellationToken Cancelled => cancelled.Token;

    internal void Cancel() => cancelled.Cancel();

    public bool IsReported => token is not null;

    public Task ReportAsync(string message, int? percentage = null) =>
        SendAsync(new WorkDoneProgressReport { Message = message, Percentage = percentage });

    public Task EndAsync(string? message = null)
    {
        if (Interlocked.Exchange(ref ended, 1) != 0)
        {
            return Task.CompletedTask;
        }
        if (token is { } t)
        {
            forget(t);
        }
        return SendAsync(new WorkDoneProgressEnd { Message = message });
    }

    public async ValueTask DisposeAsync() => await EndAsync();

    internal Task SendAsync(WorkDoneProgressValue value) =>
        token is { } t ? client.NotifyAsync(LspMethods.Progress, new ProgressParams<WorkDoneProgressValue>(t, value)) : Task.CompletedTask;
}
