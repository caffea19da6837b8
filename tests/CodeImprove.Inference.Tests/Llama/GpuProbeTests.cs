using System.Text.Json;
using CodeImprove.Inference.Llama;
using CodeImprove.Inference.Native;
using CodeImprove.Inference.Tests.Gguf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeImprove.Inference.Tests.Llama;

/// <summary>
/// The GPU check runs in a child process. These tests replace the child with shell-script test doubles that behave
/// like the real outcomes (an H100 abort, a clean answer, a hang); this machine has no GPU.
/// </summary>
public sealed class GpuProbeTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("codeimprove-probe-");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => folder.Delete(recursive: true);

    private static GpuProbe ShellDouble(string script, double timeoutSeconds = 30) =>
        new("/bin/sh", ["-c", script, "probe-gpu-double"], TimeSpan.FromSeconds(timeoutSeconds));

    [Fact]
    public async Task A_child_killed_by_a_ggml_abort_reports_the_cuda_error()
    {
        var probe = ShellDouble(
            "echo 'ggml_cuda_init: found 1 CUDA devices' >&2; " +
            "echo 'CUDA error: the provided PTX was compiled with an unsupported toolchain.' >&2; " +
            "echo '  current device: 0, in function ggml_cuda_kernel_can_use_pdl' >&2; kill -ABRT $$");

        var result = await probe.RunAsync("/models/m.gguf", -1, Token);

        Assert.Null(result.Device);
        Assert.Contains("aborted (SIGABRT)", result.Reason);
        Assert.Contains("the provided PTX was compiled with an unsupported toolchain", result.Reason);
    }

    [Fact]
    public async Task A_clean_answer_names_the_device_and_the_child_gets_the_model_and_layers()
    {
        // The double echoes its arguments back as the device, proving what the real child is given.
        var probe = ShellDouble("echo 'loading...'; printf '{\"Device\":\"%s %s %s %s\",\"Reason\":\"\"}\\n' \"$@\"");

        var result = await probe.RunAsync("/models/m.gguf", 12, Token);

        Assert.Equal("--model /models/m.gguf --gpu-layers 12", result.Device);
    }

    [Fact]
    public async Task A_child_that_hangs_is_killed_at_the_timeout()
    {
        var probe = ShellDouble("sleep 30", timeoutSeconds: 1);

        var result = await probe.RunAsync("/models/m.gguf", -1, Token);

        Assert.Null(result.Device);
        Assert.Contains("did not finish within 1 s", result.Reason);
    }

    [Fact]
    public void The_child_side_answers_with_one_json_line_even_when_cuda_cannot_load()
    {
        LlamaLibrary.EnsureLoaded(LlamaLibrary.CpuDirectory, NullLogger.Instance); // as in any process of this test run
        var output = new StringWriter();

        var exitCode = GpuProbe.RunInThisProcess(TinyLlamaFile.Write(Path.Combine(folder.FullName, "t.gguf")), -1, output);

        Assert.Equal(1, exitCode);
        var result = JsonSerializer.Deserialize<GpuProbeResult>(output.ToString().Trim())!;
        Assert.Null(result.Device);
        Assert.NotEmpty(result.Reason);
    }

    [Fact]
    public async Task Requiring_cuda_where_it_cannot_run_fails_with_the_file_and_the_fix()
    {
        var path = TinyLlamaFile.Write(Path.Combine(folder.FullName, "needs-gpu.gguf"));

        var error = await Assert.ThrowsAsync<ModelException>(() =>
            LlamaModel.LoadAsync(new ModelOptions { Path = path, Device = ModelDevice.Cuda }, probe: ShellDouble("exit 1")));

        Assert.Contains("CUDA was requested for needs-gpu.gguf", error.Message);
        Assert.Contains("model.device", error.Message);
    }

    [Fact]
    public async Task Auto_falls_back_to_the_cpu_with_one_log_line_saying_why()
    {
        var path = TinyLlamaFile.Write(Path.Combine(folder.FullName, "auto.gguf"));
        var log = new ListLogger();

        await using var model = await LlamaModel.LoadAsync(new ModelOptions { Path = path }, log, ShellDouble("exit 1"));

        Assert.StartsWith("CPU", model.Description.Device);
        var line = Assert.Single(log.Lines, l => l.Contains("on the CPU:", StringComparison.Ordinal));
        Assert.StartsWith("running auto.gguf on the CPU: ", line);
    }

    /// <summary>Collects log lines; llama.cpp logs from its own threads, so readers get a snapshot.</summary>
    private sealed class ListLogger : ILogger
    {
        private readonly List<string> lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (lines)
                {
                    return [.. lines];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (lines)
            {
                lines.Add(formatter(state, exception));
            }
        }
    }
}
