using CodeImprove.Engine.Configuration;
using CodeImprove.Inference;
using CodeImprove.Inference.Llama;
using Microsoft.Extensions.Logging;

namespace CodeImprove.Engine.Sessions;

/// <summary>A model opened from the settings, and where it runs: "cpu", "gpu" or "endpoint".</summary>
public sealed record LoadedModel(IModel Model, string Name, string Device, string State);

/// <summary>
/// Opens the model the settings name (a GGUF file in process, on the GPU when the probe finds a working one, or an
/// OpenAI-compatible endpoint). Failures are <see cref="ModelLoadException"/>s naming the setting to fix.
/// </summary>
/// <param name="probe">How to test CUDA in a child process (the CLI's hidden command); null keeps models on the CPU.</param>
public sealed class ModelRuntime(GpuProbe? probe, ILogger logger)
{
    /// <summary>A runtime that keeps GGUF models on the CPU (no GPU probe).</summary>
    public static ModelRuntime CpuOnly(ILogger logger) => new(null, logger);

    /// <summary>What identifies a loaded model: a change of any of these settings needs a reload (temperature and such do not).</summary>
    public static object? Identity(ModelSettings settings)
    {
        try
        {
            return settings.ToModelOptions();
        }
        catch (UriFormatException)
        {
            return settings.Endpoint; // loading reports it
        }
    }

    /// <summary>The name of the model the settings name, or null when they name none (the Roslyn code fixes).</summary>
    public static string? NameOf(ModelSettings settings) =>
        settings.Endpoint ?? (settings.Path is { } path ? Path.GetFileName(path) : null);

    public async Task<LoadedModel?> LoadAsync(ModelSettings settings, CancellationToken cancellationToken)
    {
        if (NameOf(settings) is null)
        {
            return null;
        }
        try
        {
            var model = await ModelFactory.CreateAsync(settings.ToModelOptions(), logger, probe, cancellationToken: cancellationToken);
            var device = model.Description.Device;
            var state = device.StartsWith("endpoint", StringComparison.Ordinal) ? "endpoint"
                : device.StartsWith("CPU", StringComparison.Ordinal) ? "cpu" : "gpu";
            return new LoadedModel(model, model.Description.Name, device, state);
        }
        catch (ModelException e)
        {
            throw new ModelLoadException(e.Message);
        }
        catch (UriFormatException e)
        {
            throw new ModelLoadException($"model.endpoint '{settings.Endpoint}' is not an address ({e.Message}); set it to e.g. http://localhost:1234/v1");
        }
    }
}
