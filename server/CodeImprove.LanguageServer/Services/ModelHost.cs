using CodeImprove.Engine.Configuration;
using CodeImprove.Inference;
using CodeImprove.Inference.Llama;
using CodeImprove.Protocol;
using Serilog;

namespace CodeImprove.LanguageServer.Services;

/// <summary>
/// The model the settings name (a GGUF file in process, or an endpoint), loaded in the background and reloaded when
/// the settings that shape it change. A model that fails to load is reported once and the server serves on without
/// one (the Roslyn code fixes), so a bad path never takes the editor down.
/// </summary>
public sealed class ModelHost(ConfigurationService configuration, StatusReporter status, ClientConnection client, GpuProbe? probe,
    Microsoft.Extensions.Logging.ILogger modelLog, ILogger log) : IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private object? loadedFor;

    public IModel? Current { get; private set; }

    /// <summary>Raised after every (re)load with the model now in use, or null.</summary>
    public event Action<IModel?>? Changed;

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
        var key = (settings.Path, settings.Endpoint, settings.EndpointModel, settings.ApiKeyEnvironmentVariable, settings.GpuLayers, settings.ContextSize, settings.Threads);
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (Equals(loadedFor, key))
            {
                return;
            }
            if (Current is { } old)
            {
                Current = null;
                await old.DisposeAsync();
            }
            loadedFor = key;
            Current = await LoadAsync(settings, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
        Changed?.Invoke(Current);
    }

    private async Task<IModel?> LoadAsync(ModelSettings settings, CancellationToken cancellationToken)
    {
        var name = settings.Endpoint ?? (settings.Path is { } path ? Path.GetFileName(path) : null);
        if (name is null)
        {
            status.SetModel("none");
            return null;
        }
        status.SetModel("loading", name);
        try
        {
            var model = await ModelFactory.CreateAsync(settings.ToModelOptions(), modelLog, probe, cancellationToken: cancellationToken);
            var device = model.Description.Device;
            var state = device.StartsWith("endpoint", StringComparison.Ordinal) ? "endpoint"
                : device.StartsWith("CPU", StringComparison.Ordinal) ? "cpu" : "gpu";
            status.SetModel(state, model.Description.Name, device);
            log.Information("Model {Name} ready on {Device}", model.Description.Name, device);
            return model;
        }
        catch (Exception e) when (e is ModelException or UriFormatException)
        {
            status.SetModel("failed", name, e.Message);
            log.Error("The model could not be loaded: {Message:l}", e.Message);
            await client.ShowMessageAsync(MessageType.Error,
                $"CodeImprove could not load the model: {e.Message}. Improvements use the Roslyn code fixes until the model settings are fixed.");
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Current is { } model)
        {
            await model.DisposeAsync();
        }
    }
}
