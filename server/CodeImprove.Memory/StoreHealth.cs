namespace CodeImprove.Memory;

public enum StoreMode
{
    /// <summary>Recording and reading work.</summary>
    ReadWrite,

    /// <summary>Reading works; writes are skipped (read-only folder, full disk, newer schema).</summary>
    ReadOnly,

    /// <summary>No database could be opened; reads return nothing and writes are skipped.</summary>
    Unavailable,
}

/// <summary>
/// The store's state as the caller should show it. The store never throws storage faults into the
/// improve loop: it switches to a degraded mode, logs the warning once, and keeps it here.
/// </summary>
/// <param name="Warning">Why the store is degraded; null when it is fully working.</param>
/// <param name="RecoveryMessage">Set when a corrupt database was moved aside at open.</param>
public sealed record StoreHealth(StoreMode Mode, string? Warning, string? RecoveryMessage)
{
    public bool CanWrite => Mode == StoreMode.ReadWrite;
}
