using CodeImprove.Memory;
using CodeImprove.Protocol;
using Serilog;

namespace CodeImprove.LanguageServer.Services;

/// <summary>
/// The workspace's episode database (<c>memory.databasePath</c>, relative to the workspace folder), opened on first use.
/// The store never fails the loop: a corrupt file is moved aside, a read-only folder or full disk degrades it to
/// read-only; each of those is shown to the user once, when it happens.
/// </summary>
public sealed class WorkspaceMemory(ServerState state, ConfigurationService configuration, ClientConnection client,
    Microsoft.Extensions.Logging.ILogger storeLog, ILogger log) : IAsyncDisposable
{
    private readonly Lock gate = new();
    private Task<EpisodeStore>? opening;

    public Task<EpisodeStore> GetStoreAsync()
    {
        lock (gate)
        {
            // A failed open (no folder yet) is tried again on the next use rather than cached for the session.
            if (opening is null || opening.IsFaulted)
            {
                opening = OpenAsync();
            }
            return opening;
        }
    }

    /// <summary>The store for an LSP request: a missing workspace folder is the request's error, not the server's.</summary>
    public async Task<EpisodeStore> OpenForRequestAsync()
    {
        try
        {
            return await GetStoreAsync();
        }
        catch (InvalidOperationException e)
        {
            throw Hosting.RpcErrors.RequestFailed(e.Message);
        }
    }

    private async Task<EpisodeStore> OpenAsync()
    {
        var folder = state.WorkspaceFolder ?? throw new InvalidOperationException("No workspace folder is open: episode memory needs one.");
        var path = Path.GetFullPath(Path.Combine(folder, configuration.Current.Memory.DatabasePath ?? Path.Combine(EpisodeStoreOptions.StateFolderName, EpisodeStoreOptions.DefaultFileName)));
        var store = await EpisodeStore.OpenAsync(new EpisodeStoreOptions { DatabasePath = path, Logger = storeLog });
        log.Information("Episode memory at {Path} ({Mode})", path, store.Health.Mode);
        foreach (var message in new[] { store.Health.RecoveryMessage, store.Health.Warning }.OfType<string>())
        {
            await client.ShowMessageAsync(MessageType.Warning, $"CodeImprove episode memory: {message}");
        }
        store.HealthChanged += health =>
        {
            if (health.Warning is { } warning)
            {
                _ = client.ShowMessageAsync(MessageType.Warning, $"CodeImprove episode memory: {warning}");
            }
        };
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        if (opening is { IsCompletedSuccessfully: true } opened)
        {
            await opened.Result.DisposeAsync();
        }
    }
}
