using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using CodeImprove.Inference.Native;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeImprove.Inference.Llama;

/// <summary>The outcome of a GPU check: the device that worked, or why none did.</summary>
public sealed record GpuProbeResult(string? Device, string Reason)
{
    public static GpuProbeResult Works(string device) => new(device, "");

    public static GpuProbeResult Fails(string reason) => new(null, reason);
}

/// <summary>
/// Tests the CUDA build in a child process before the server uses it. A GGML abort ends the whole process (the npm
/// libggml-cuda.so does so at the first kernel on an H100 with a CUDA 13.0 driver: its sm_90 code is PTX from CUDA 13.1),
/// so the child loads the model with the requested offload and decodes one token; only a clean answer lets the parent
/// load CUDA. The child is the host executable with a hidden command that calls <see cref="RunInThisProcess"/>.
/// </summary>
public sealed class GpuProbe(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout)
{
    /// <summary>The running executable with the probe's command words (e.g. "generate", "probe-gpu"), also when started as `dotnet app.dll`.</summary>
    public static GpuProbe ForCurrentExecutable(IReadOnlyList<string> command, TimeSpan? timeout = null)
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this process is unknown");
        var isDotnetHost = Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        var entry = Assembly.GetEntryAssembly()?.Location;
        IReadOnlyList<string> arguments = isDotnetHost && entry is { Length: > 0 } ? [entry, .. command] : command;
        // First use of an H100 JIT-compiles PTX and loads the model: minutes, not seconds.
        return new GpuProbe(process, arguments, timeout ?? TimeSpan.FromMinutes(3));
    }

    public async Task<GpuProbeResult> RunAsync(string modelPath, int gpuLayers, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments.Concat(["--model", modelPath, "--gpu-layers", gpuLayers.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            return GpuProbeResult.Fails($"the CUDA check did not finish within {timeout.TotalSeconds:0} s");
        }
        var output = await stdout;
        var errors = await stderr;
        var answer = output.Split('\n').LastOrDefault(line => line.StartsWith('{'));
        if (answer is not null && JsonSerializer.Deserialize<GpuProbeResult>(answer) is { } result)
        {
            return result;
        }
        return GpuProbeResult.Fails($"the CUDA check {DescribeExit(process.ExitCode)}: {LastErrorLine(errors)}");
    }

    private static string DescribeExit(int code) => code switch
    {
        134 => "aborted (SIGABRT)",
        139 => "crashed (SIGSEGV)",
        > 128 => $"was killed by signal {code - 128}",
        _ => $"exited with code {code}",
    };

    /// <summary>The line that says what went wrong, e.g. "CUDA error: the provided PTX was compiled with an unsupported toolchain".</summary>
    private static string LastErrorLine(string errors)
    {
        var lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.LastOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? lines.LastOrDefault() ?? "no output";
    }

    /// <summary>
    /// The child's side: loads the CUDA build, offloads <paramref name="gpuLayers"/> of the model and decodes one token,
    /// then writes one JSON line (<see cref="GpuProbeResult"/>) on <paramref name="output"/>. Returns the exit code.
    /// </summary>
    public static int RunInThisProcess(string modelPath, int gpuLayers, TextWriter output)
    {
        GpuProbeResult result;
        try
        {
            result = Probe(modelPath, gpuLayers);
        }
        catch (ModelException e)
        {
            result = GpuProbeResult.Fails(e.Message);
        }
        output.WriteLine(JsonSerializer.Serialize(result));
        return result.Device is null ? 1 : 0;
    }

    private static GpuProbeResult Probe(string modelPath, int gpuLayers)
    {
        if (CudaRuntime.Preload() is { } missing)
        {
            return GpuProbeResult.Fails(missing);
        }
        LlamaLibrary.EnsureLoaded(LlamaLibrary.CudaDirectory, NullLogger.Instance);
        var gpu = LlamaDevices.List().FirstOrDefault(d => d.IsGpu);
        if (gpu is null)
        {
            return GpuProbeResult.Fails("the CUDA backend found no usable GPU (driver older than the CUDA runtime, or no NVIDIA GPU)");
        }
        var header = LlamaModelLoader.ReadHeader(modelPath);
        using var model = LlamaModelLoader.Load(header, gpuLayers);
        var parameters = LlamaNative.llama_context_default_params();
        parameters.ContextSize = 64;
        parameters.BatchSize = 64;
        parameters.MicroBatchSize = 64;
        using var context = new LlamaContextHandle(LlamaNative.llama_init_from_model(model.DangerousGetHandle(), parameters));
        if (context.IsInvalid)
        {
            return GpuProbeResult.Fails($"llama.cpp could not create a context on {gpu}");
        }
        using var cache = new KvCache(context, 64);
        var vocabulary = new Vocabulary(LlamaNative.llama_model_get_vocab(model.DangerousGetHandle()));
        cache.Extend(vocabulary.Tokenize("Hello", addSpecial: true, parseSpecial: false), BatchOutputs.Last, CancellationToken.None);
        return GpuProbeResult.Works(gpu.ToString());
    }
}
