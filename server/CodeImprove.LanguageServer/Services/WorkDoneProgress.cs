using CodeImprove.Protocol;
using Serilog;

namespace CodeImprove.LanguageServer.Services;

/// <summary>
/// Reports long work with <c>$/progress</c>: on a token the client sent with its request, or on one the server
/// creates with <c>window/workDoneProgress/create</c> when the client supports it. Without either, nothing is sent.
/// </summary>
public sealed class WorkDoneProgress(ClientConnection client, ILogger log)
{
    private long nextToken;

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
        var scope = new ProgressScope(client, token);
        await scope.SendAsync(new WorkDoneProgressBegin(title) { Cancellable = cancellable });
        return scope;
    }
}

/// <summary>One begin ... report ... end sequence. Ending is idempotent; disposing ends it.</summary>
public sealed class ProgressScope(ClientConnection client, ProgressToken? token) : IAsyncDisposable
{
    private int ended;

    public bool IsReported => token is not null;

    public Task ReportAsync(string message, int? percentage = null) =>
        SendAsync(new WorkDoneProgressReport { Message = message, Percentage = percentage });

    public Task EndAsync(string? message = null) =>
        Interlocked.Exchange(ref ended, 1) == 0 ? SendAsync(new WorkDoneProgressEnd { Message = message }) : Task.CompletedTask;

    public async ValueTask DisposeAsync() => await EndAsync();

    internal Task SendAsync(WorkDoneProgressValue value) =>
        token is { } t ? client.NotifyAsync(LspMethods.Progress, new ProgressParams<WorkDoneProgressValue>(t, value)) : Task.CompletedTask;
}
