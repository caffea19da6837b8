using CodeImprove.Engine;
using CodeImprove.Engine.Sessions;
using CodeImprove.Protocol;
using Serilog;

namespace CodeImprove.LanguageServer.Services;

/// <summary>
/// The model the settings name, loaded in the background and reloaded when the settings that shape it change, into the
/// <see cref="ModelSlot"/> every session's runs lease from. A model that fails to load is reported once and the server
/// serves on without one (the Roslyn code fixes), so a bad path never takes the editor down.
/// </summary>
public sealed class ModelHost(ConfigurationService configuration, StatusReporter status, ClientConnection client, ModelRuntime runtime, ILogger log)
    : IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private object? loadedFor;

    public ModelSlot Slot { get; } = new();

    /// <summary>Starts a (re)load without waiting for it (startup, settings changes); failures are logged.</summary>
    public void ReloadInBackground() => _ = Task.Run(async () =>
    {
        try
        {
            await ReloadAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            log.Error(e, "Loading the model failed");
        }
    });

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var settings = configuration.Current.Model;
        var identity = ModelRuntime.Identity(settings);
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (Equals(loadedFor, identity))
            {
                return;
            }
            loadedFor = identity;
            // Runs that hold the old model finish on it; it is freed when the last of them ends.
            _ = Slot.Swap((LoadedModel?)null);
            _ = Slot.Swap(await LoadAsync(settings, cancellationToken));
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<LoadedModel?> LoadAsync(Engine.Configuration.ModelSettings settings, CancellationToken cancellationToken)
    {
        var name = ModelRuntime.NameOf(settings);
        if (name is null)
        {
            status.SetModel("none");
            return null;
        }
        status.SetModel("loading", name);
        try
        {
            var loaded = (await runtime.LoadAsync(settings, cancellationToken))!;
            status.SetModel(loaded.State, loaded.Name, loaded.Device);
            log.Information("Model {Name} ready on {Device}", loaded.Name, loaded.Device);
            return loaded;
        }
        catch (ModelLoadException e)
        {
            status.SetModel("failed", name, e.Message);
            log.Error("The model could not be loaded: {Message:l}", e.Message);
            await client.ShowMessageAsync(MessageType.Error,
                $"CodeImprove could not load the model: {e.Message}. Improvements use the Roslyn code fixes until the model settings are fixed.");
            return null;
        }
    }

    public ValueTask DisposeAsync() => Slot.DisposeAsync();
}
