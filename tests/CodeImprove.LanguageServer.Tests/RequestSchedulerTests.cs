using CodeImprove.LanguageServer.Hosting;

namespace CodeImprove.LanguageServer.Tests;

public sealed class RequestSchedulerTests
{
    [Fact]
    public async Task Readers_run_concurrently_but_wait_for_an_earlier_mutation()
    {
        var scheduler = new RequestScheduler();
        var releaseMutation = new TaskCompletionSource();
        var log = new List<string>();
        var mutation = scheduler.Enqueue(RequestKind.Mutating, async _ => { await releaseMutation.Task; lock (log) { log.Add("mutation"); } return 0; }, default);

        var bothReadersStarted = new CountdownEvent(2);
        var releaseReaders = new TaskCompletionSource();
        Task<int> Reader(string name) => scheduler.Enqueue(RequestKind.ReadOnly, async _ =>
        {
            lock (log) { log.Add(name); }
            bothReadersStarted.Signal();
            await releaseReaders.Task;
            return 1;
        }, default);
        var r1 = Reader("r1");
        var r2 = Reader("r2");

        Assert.Empty(log); // both are chained on the unfinished mutation: nothing can have run
        Assert.False(r1.IsCompleted || r2.IsCompleted);
        releaseMutation.SetResult();
        Assert.True(bothReadersStarted.Wait(TimeSpan.FromSeconds(5)), "readers did not run concurrently");
        releaseReaders.SetResult();
        await Task.WhenAll(mutation, r1, r2);
        Assert.Equal("mutation", log[0]);
    }

    [Fact]
    public async Task A_mutation_waits_for_running_readers_and_holds_back_later_ones()
    {
        var scheduler = new RequestScheduler();
        var releaseReader = new TaskCompletionSource();
        var order = new List<string>();
        var reader = scheduler.Enqueue(RequestKind.ReadOnly, async _ => { await releaseReader.Task; lock (order) { order.Add("reader"); } return 0; }, default);
        var mutation = scheduler.Enqueue(RequestKind.Mutating, _ => { lock (order) { order.Add("mutation"); } return Task.FromResult(0); }, default);
        var later = scheduler.Enqueue(RequestKind.ReadOnly, _ => { lock (order) { order.Add("later"); } return Task.FromResult(0); }, default);

        Assert.Empty(order);
        releaseReader.SetResult();
        await Task.WhenAll(reader, mutation, later);
        Assert.Equal(["reader", "mutation", "later"], order);
    }

    [Fact]
    public async Task Background_work_waits_for_an_earlier_mutation_but_does_not_hold_back_later_ones()
    {
        var scheduler = new RequestScheduler();
        var releaseMutation = new TaskCompletionSource();
        var releaseBackground = new TaskCompletionSource();
        var order = new List<string>();
        var mutation = scheduler.Enqueue(RequestKind.Mutating, async _ => { await releaseMutation.Task; lock (order) { order.Add("mutation"); } return 0; }, default);
        var background = scheduler.Enqueue(RequestKind.Background, async _ => { lock (order) { order.Add("background started"); } await releaseBackground.Task; return 0; }, default);
        var typing = scheduler.Enqueue(RequestKind.Mutating, _ => { lock (order) { order.Add("typing"); } return Task.FromResult(0); }, default);

        Assert.Empty(order);
        releaseMutation.SetResult();
        await typing.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(background.IsCompleted);
        releaseBackground.SetResult();
        await Task.WhenAll(mutation, background);
        Assert.Equal("mutation", order[0]);
        Assert.Equal(["background started", "typing"], order.Skip(1).Order());
    }

    [Fact]
    public async Task Background_work_captures_its_state_after_the_mutations_before_it_and_before_any_after_it()
    {
        var scheduler = new RequestScheduler();
        var release = new TaskCompletionSource();
        var state = 0;
        var before = scheduler.Enqueue(RequestKind.Mutating, async _ => { await release.Task; state = 1; return 0; }, default);
        var background = scheduler.Enqueue(RequestKind.Background, () => state, (captured, _) => Task.FromResult(captured), default);
        var after = scheduler.Enqueue(RequestKind.Mutating, _ => { state = 2; return Task.FromResult(0); }, default);

        release.SetResult();
        await Task.WhenAll(before, after);
        Assert.Equal(1, await background);
        Assert.Equal(2, state);
    }

    [Fact]
    public async Task Immediate_work_runs_while_mutations_are_queued()
    {
        var scheduler = new RequestScheduler();
        var release = new TaskCompletionSource();
        var typing = scheduler.Enqueue(RequestKind.Mutating, async _ => { await release.Task; return 0; }, default);

        var status = await scheduler.Enqueue(RequestKind.Immediate, _ => Task.FromResult(7), default).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(7, status);
        Assert.False(typing.IsCompleted);
        release.SetResult();
        await typing;
    }

    [Fact]
    public async Task A_failed_mutation_does_not_block_the_queue_and_a_queued_reader_can_be_cancelled()
    {
        var scheduler = new RequestScheduler();
        var release = new TaskCompletionSource();
        var failing = scheduler.Enqueue<int>(RequestKind.Mutating, async _ => { await release.Task; throw new InvalidOperationException("boom"); }, default);
        using var cts = new CancellationTokenSource();
        var cancelled = scheduler.Enqueue(RequestKind.ReadOnly, _ => Task.FromResult(1), cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        release.SetResult();
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal(2, await scheduler.Enqueue(RequestKind.ReadOnly, _ => Task.FromResult(2), default));
    }
}
