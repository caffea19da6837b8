namespace CodeImprove.LanguageServer.Hosting;

/// <summary>
/// Orders work as it arrives: a mutating item waits for everything before it and holds back everything after it;
/// read-only items wait only for the last mutating item and run concurrently with each other; background items wait
/// for the last mutating item too but hold nothing back. Callers must
/// enqueue in arrival order (StreamJsonRpc invokes methods in order up to their first await).
/// </summary>
public sealed class RequestScheduler
{
    private readonly Lock gate = new();
    private readonly List<Task> runningReaders = [];
    private Task lastMutation = Task.CompletedTask;

    public Task<T> Enqueue<T>(RequestKind kind, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (kind == RequestKind.Mutating)
            {
                runningReaders.Add(lastMutation);
                var before = Task.WhenAll(runningReaders);
                runningReaders.Clear();
                // A mutation is never skipped while waiting: later items rely on it having run or been refused.
                var task = RunAfterAsync(before, work, CancellationToken.None, cancellationToken);
                lastMutation = Quiet(task);
                return task;
            }
            var reader = RunAfterAsync(lastMutation, work, cancellationToken, cancellationToken);
            if (kind == RequestKind.Background)
            {
                return reader;
            }
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
