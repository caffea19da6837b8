using CodeImprove.Inference;

namespace CodeImprove.Engine.Sessions;

/// <summary>
/// The model new runs get (or none: the Roslyn code fixes). A run holds a <see cref="ModelLease"/> for its whole length;
/// <see cref="Swap"/> hands later runs the new model and disposes the old one only when its last lease ends, so no native
/// call ever reaches a disposed model.
/// </summary>
public sealed class ModelSlot(IModel? initial = null) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private Holder _current = new(initial);

    /// <summary>An empty slot (no model until <see cref="Swap(LoadedModel?)"/>).</summary>
    public ModelSlot()
        : this((IModel?)null)
    {
    }

    /// <summary>A lease on the current model; dispose it when the run ends.</summary>
    public ModelLease Acquire()
    {
        lock (_gate)
        {
            _current.Leases++;
            return new ModelLease(_current, this);
        }
    }

    /// <summary>
    /// Makes <paramref name="next"/> the model of later runs. The old one is disposed once no lease holds it; the returned
    /// task completes then.
    /// </summary>
    public Task Swap(IModel? next)
    {
        Holder old;
        lock (_gate)
        {
            old = _current;
            _current = new Holder(next);
        }
        Release(old);
        return old.Disposed.Task;
    }

    /// <inheritdoc cref="Swap(IModel?)"/>
    public Task Swap(LoadedModel? next) => Swap(next?.Model);

    internal void Release(Holder holder)
    {
        bool last;
        lock (_gate)
        {
            last = --holder.Leases == 0;
        }
        if (last)
        {
            _ = DisposeModelAsync(holder);
        }
    }

    private static async Task DisposeModelAsync(Holder holder)
    {
        try
        {
            if (holder.Model is { } model)
            {
                await model.DisposeAsync();
            }
            holder.Disposed.TrySetResult();
        }
        catch (Exception e)
        {
            holder.Disposed.TrySetException(e);
        }
    }

    public async ValueTask DisposeAsync() => await Swap((IModel?)null);

    /// <summary>One model and its leases; the slot's own reference counts as one until the model is swapped out.</summary>
    internal sealed class Holder(IModel? model)
    {
        public IModel? Model => model;
        public int Leases { get; set; } = 1;
        public TaskCompletionSource Disposed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>A run's hold on the model it started with (null: no model).</summary>
public sealed class ModelLease : IDisposable
{
    private ModelSlot? _slot;
    private readonly ModelSlot.Holder _holder;

    internal ModelLease(ModelSlot.Holder holder, ModelSlot slot)
    {
        _holder = holder;
        _slot = slot;
    }

    public IModel? Model => _holder.Model;

    public void Dispose() => Interlocked.Exchange(ref _slot, null)?.Release(_holder);
}
