using CodeImprove.Memory;
using CodeImprove.Protocol;
using Serilog;

namespace CodeImprove.LanguageServer.Services;

/// <summary>
/// The workspace's episode database (<c>memory.databasePath</c>, relative to the workspace folder), opened on first use.
/// The store never fails the loop: a corrupt file is moved aside, a read-only folder or full disk degrades it to
/// read-only; each of those is shown to the user once, when it happens.
/// </summary>
public sealed class WorkspaceMemory : IAsyncDisposable
{
    private readonly ServerState state;
    private readonly ConfigurationService configuration;
    private readonly ClientConnection client;
    private readonly Microsoft.Extensions.Logging.ILogger storeLog;
    private readonly ILogger log;
    private readonly RetryingLazy<EpisodeStore> store;

    public WorkspaceMemory(ServerState state, ConfigurationService configuration, ClientConnection client, Microsoft.Extensions.Logging.ILogger storeLog, ILogger log)
    {
        this.state = state;
        this.configuration = configuration;
        this.client = client;
        this.storeLog = storeLog;
        this.log = log;
        store = new RetryingLazy<EpisodeStore>(OpenAsync);
    }

    public Task<EpisodeStore> GetStoreAsync() => store.GetAsync();

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
        if (store.OpenedValue is { } opened)
        {
            await opened.DisposeAsync();
        }
    }
}
