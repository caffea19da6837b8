using CodeImprove.Engine;
using CodeImprove.History;
using CodeImprove.Memory;
using Serilog;

namespace CodeImprove.LanguageServer.Services;

/// <summary>
/// The improvement engine of this workspace, created once the Roslyn workspace has loaded, with episode memory and
/// rollback points when they can be opened, and given the current options and model whenever either changes.
/// </summary>
public sealed class ImproveService(WorkspaceAnalysis analysis, WorkspaceMemory memory, WorkspaceHistory history, ModelHost models,
    ConfigurationService configuration, ServerState state, Microsoft.Extensions.Logging.ILogger engineLog, ILogger log)
{
    private RetryingLazy<ImproveEngine>? engine;

    public Task<ImproveEngine> GetEngineAsync(CancellationToken cancellationToken) =>
        LazyInitializer.EnsureInitialized(ref engine, () => new RetryingLazy<ImproveEngine>(CreateAsync)).GetAsync().WaitAsync(cancellationToken);

    private async Task<ImproveEngine> CreateAsync()
    {
        var workspace = await analysis.GetAsync(CancellationToken.None);
        var engine = new ImproveEngine(new EngineDependencies
        {
            Analysis = workspace,
            Options = configuration.Current,
            Model = models.Current,
            Memory = await OptionalAsync(memory.GetStoreAsync, "episodes are not recorded"),
            History = await OptionalAsync(history.GetStoreAsync, "proposals cannot be accepted"),
            WorkspaceRoot = state.WorkspaceFolder,
            Logger = engineLog,
        });
        configuration.Changed += options => engine.Reconfigure(options, models.Current);
        models.Changed += model => engine.Reconfigure(configuration.Current, model);
        return engine;
    }

    private async Task<T?> OptionalAsync<T>(Func<Task<T>> open, string consequence)
        where T : class
    {
        try
        {
            return await open();
        }
        catch (Exception e) when (e is InvalidOperationException or HistoryException or IOException or LibGit2Sharp.LibGit2SharpException)
        {
            log.Warning("{Message:l}: {Consequence:l}", e.Message, consequence);
            return null;
        }
    }
}
