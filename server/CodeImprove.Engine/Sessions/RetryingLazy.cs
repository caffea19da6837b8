namespace CodeImprove.Engine.Sessions;

/// <summary>
/// A resource opened on first use and shared by every later caller; a failed open (no workspace folder yet, a locked
/// file) is tried again by the next caller rather than cached for the session.
/// </summary>
public sealed class RetryingLazy<T>(Func<Task<T>> open)
{
    private readonly Lock gate = new();
    private Task<T>? opening;

    public Task<T> GetAsync()
    {
        lock (gate)
        {
            if (opening is null || opening.IsFaulted || opening.IsCanceled)
            {
                opening = open();
            }
            return opening;
        }
    }

    /// <summary>The value when it has been opened successfully, for disposal.</summary>
    public T? OpenedValue => opening is { IsCompletedSuccessfully: true } opened ? opened.Result : default;
}
