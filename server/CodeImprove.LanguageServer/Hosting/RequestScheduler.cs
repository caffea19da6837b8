namespace CodeImprove.LanguageServer.Hosting;

/// <summary>
/// Orders work as it arrives: a mutating item waits for everything before it and holds back everything after it;
/// read-only items wait only for the last mutating item and run concurrently with each other; background items wait
/// for the last mutating item too but hold nothing back. Every item's state is captured (the capture delegate) after the
/// mutations before it and before any mutation after it: for a background item that capture is the one step later
/// mutations wait for. Callers must enqueue in arrival order (StreamJsonRpc invokes methods in order up to their first await).
/// </summary>
public sealed class RequestScheduler
{
    private readonly Lock gate = new();
    private readonly List<Task> runningReaders = [];
    private Task lastMutation = Task.CompletedTask;

    public Task<T> Enqueue<T>(RequestKind kind, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        Enqueue(kind, static () => 0, (_, token) => work(token), cancellationToken);

    public Task<T> Enqueue<TState, T>(RequestKind kind, Func<TState> capture, Func<TState, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        if (kind == RequestKind.Immediate)
        {
            return RunAfterAsync(Task.CompletedTask, token => work(capture(), token), cancellationToken, cancellationToken);
        }
        lock (gate)
        {
            if (kind == RequestKind.Mutating)
            {
                runningReaders.Add(lastMutation);
                var before = Task.WhenAll(runningReaders);
                runningReaders.Clear();
                // A mutation is never skipped while waiting: later items rely on it having run or been refused.
                var task = RunAfterAsync(before, token => work(capture(), token), CancellationToken.None, cancellationToken);
                lastMutation = Quiet(task);
                return task;
            }
            if (kind == RequestKind.Background)
            {
                // The capture runs as a tiny mutation of its own, so a later edit cannot slip in before it.
                var captured = lastMutation.ContinueWith(_ => capture(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                lastMutation = Quiet(captured);
                return RunAfterAsync(captured, token => work(captured.Result, token), cancellationToken, cancellationToken);
            }
            var reader = RunAfterAsync(lastMutation, token => work(capture(), token), cancellationToken, cancellationToken);
            runningReaders.RemoveAll(static t => t.IsCompleted);
            runningReaders.Add(Quiet(reader));
            return reader;
        }
    }

    /// <summary>Completes when every item enqueued so far has finished.</summary>
    public Task WhenIdle()
    {
        lock (gate)
        {
            return Task.WhenAll([.. runningReaders, lastMutation]);
        }
    }

    private static async Task<T> RunAfterAsync<T>(Task before, Func<CancellationToken, Task<T>> work, CancellationToken waitToken, CancellationToken workToken)
    {
        await before.WaitAsync(waitToken).ConfigureAwait(false);
        workToken.ThrowIfCancellationRequested();
        return await work(workToken).ConfigureAwait(false);
    }

    private static Task Quiet(Task task) =>
        task.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
