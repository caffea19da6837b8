using CodeImprove.Inference.Native;
using Microsoft.Extensions.Logging;

namespace CodeImprove.Inference.Llama;

/// <summary>The library folder a model runs from, and the GPU it offloads to (null on the CPU).</summary>
internal sealed record BackendChoice(string Directory, string? GpuName)
{
    public bool Gpu => GpuName is not null;
}

/// <summary>
/// Picks native/llama/cuda when a GPU is wanted and a child process has shown that CUDA works with this model,
/// otherwise native/llama/cpu, logging one line that says why the GPU is not used.
/// </summary>
internal static class BackendSelector
{
    public static async Task<BackendChoice> ChooseAsync(ModelOptions options, string modelPath, GpuProbe? probe, ILogger logger,
        CancellationToken cancellationToken)
    {
        var cpu = new BackendChoice(LlamaLibrary.CpuDirectory, null);
        if (options.Device == ModelDevice.Cpu || options.GpuLayers == 0)
        {
            return cpu;
        }
        var (probed, installed) = await ProbeAsync(options, modelPath, probe, cancellationToken);
        if (probed.Device is { } device)
        {
            return new BackendChoice(LlamaLibrary.CudaDirectory, device);
        }
        var file = Path.GetFileName(modelPath);
        if (options.Device == ModelDevice.Cuda)
        {
            throw new ModelException(
                $"CUDA was requested for {file} (model.device = cuda) but cannot be used: {probed.Reason}. " +
                "Install the CUDA build (build with --cuda; server/native/cuda/build-ggml-cuda.sh compiles it for this GPU) " +
                "or set model.device to auto or cpu.");
        }
        // Not installed is the normal CPU-only setup; an installed build that fails deserves a warning.
        logger.Log(installed ? LogLevel.Warning : LogLevel.Information, "running {File} on the CPU: {Reason}", file, probed.Reason);
        return cpu;
    }

    private static async Task<(GpuProbeResult Result, bool Installed)> ProbeAsync(ModelOptions options, string modelPath,
        GpuProbe? probe, CancellationToken cancellationToken)
    {
        if (LlamaLibrary.LoadedDirectory is { } loaded)
        {
            // One library folder per process: a later model follows the first one's choice.
            return loaded == Path.GetFullPath(LlamaLibrary.CudaDirectory)
                ? (GpuProbeResult.Works(LlamaDevices.List().FirstOrDefault(d => d.IsGpu)?.ToString() ?? "GPU"), true)
                : (GpuProbeResult.Fails("this process already runs llama.cpp on the CPU"), false);
        }
        if (!File.Exists(Path.Combine(LlamaLibrary.CudaDirectory, "libggml-cuda.so")) && !File.Exists(Path.Combine(LlamaLibrary.CudaDirectory, "ggml-cuda.dll")))
        {
            return (GpuProbeResult.Fails($"the CUDA build of llama.cpp is not installed ({LlamaLibrary.CudaDirectory} has no libggml-cuda.so)"), false);
        }
        if (probe is null)
        {
            return (GpuProbeResult.Fails("this host cannot test CUDA in a child process, and a failing CUDA kernel would end it"), true);
        }
        return (await probe.RunAsync(modelPath, options.GpuLayers, cancellationToken), true);
    }
}
