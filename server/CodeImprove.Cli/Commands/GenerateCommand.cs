using System.CommandLine;
using CodeImprove.Inference;
using CodeImprove.Inference.Llama;
using Microsoft.Extensions.Logging;

namespace CodeImprove.Cli.Commands;

/// <summary>
/// `codeimprove generate --model &lt;gguf|url&gt; --prompt &lt;text&gt;`: streams a completion to stdout (statistics and logs
/// go to stderr). Also holds the hidden `generate probe-gpu`, the child process that tests CUDA before a model uses it.
/// </summary>
internal static class GenerateCommand
{
    /// <summary>The command words of the GPU check, for <see cref="GpuProbe.ForCurrentExecutable"/> (also used by `serve`).</summary>
    public static readonly string[] ProbeCommand = ["generate", "probe-gpu"];

    public static Command Create()
    {
        var model = ModelOption();
        var prompt = new Option<string>("--prompt") { Description = "The user message (or raw text with --raw).", Required = true };
        var system = new Option<string?>("--system") { Description = "A system message before the prompt." };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Most tokens to generate.", DefaultValueFactory = _ => 256 };
        var greedy = new Option<bool>("--greedy") { Description = "Always take the most likely token (temperature 0)." };
        var raw = new Option<bool>("--raw") { Description = "Continue the prompt as plain text instead of a chat (for base models)." };
        var device = DeviceOption();
        var contextSize = new Option<int>("--context") { Description = "Context size in tokens (0 = the model's).", DefaultValueFactory = _ => 4096 };
        var threads = ThreadsOption();
        var verbose = new Option<bool>("--verbose") { Description = "Log llama.cpp's messages to stderr." };
        var command = new Command("generate", "Stream a completion from a GGUF model or an OpenAI-compatible endpoint.")
        {
            model, prompt, system, maxTokens, greedy, raw, device, contextSize, threads, verbose,
        };
        CliAction.Set(command, async (parse, ct) =>
        {
            var options = Options(parse.GetValue(model)!, parse.GetValue(device), parse.GetValue(contextSize), parse.GetValue(threads));
            var sampling = (parse.GetValue(greedy) ? SamplingSettings.Greedy : new SamplingSettings()) with { MaxTokens = parse.GetValue(maxTokens) };
            await using var loaded = await OpenAsync(options, parse.GetValue(verbose), ct);
            IReadOnlyList<ChatMessage> messages = parse.GetValue(system) is { } systemText
                ? [ChatMessage.System(systemText), ChatMessage.User(parse.GetValue(prompt)!)]
                : [ChatMessage.User(parse.GetValue(prompt)!)];
            var stream = parse.GetValue(raw)
                ? loaded.StreamCompletionAsync(parse.GetValue(prompt)!, sampling, ct)
                : loaded.StreamChatAsync(messages, sampling, ct);
            var stdout = Console.Out;
            await foreach (var chunk in stream)
            {
                await stdout.WriteAsync(chunk);
                await stdout.FlushAsync(ct);
            }
            await stdout.WriteLineAsync();
            if (loaded is LlamaModel { LastGeneration: { } stats })
            {
                await Console.Error.WriteLineAsync(
                    $"[{loaded.Description.Device}] prompt {stats.PromptTokens} tokens at {stats.PrefillTokensPerSecond:0} tok/s, " +
                    $"{stats.GeneratedTokens} generated at {stats.DecodeTokensPerSecond:0} tok/s, finished: {stats.FinishReason}");
            }
            return 0;
        });
        command.Subcommands.Add(ProbeGpu());
        return command;
    }

    public static Option<string> ModelOption() =>
        new("--model") { Description = "A .gguf file, or the address of an OpenAI-compatible server (http://host:8000/v1).", Required = true };

    public static Option<ModelDevice> DeviceOption() =>
        new("--device") { Description = "auto (GPU when CUDA works, else CPU), cpu or cuda.", DefaultValueFactory = _ => ModelDevice.Auto };

    public static Option<int> ThreadsOption() =>
        new("--threads") { Description = "CPU threads (0 = from the free cores).", DefaultValueFactory = _ => 0 };

    public static ModelOptions Options(string model, ModelDevice device, int contextSize, int threads) =>
        IsEndpoint(model, out var uri)
            ? new ModelOptions { Endpoint = uri, ContextSize = contextSize }
            : new ModelOptions { Path = model, Device = device, ContextSize = contextSize, Threads = threads };

    /// <summary>Whether a --model argument names an OpenAI-compatible endpoint (http/https) rather than a GGUF file.</summary>
    public static bool IsEndpoint(string model, out Uri uri) =>
        Uri.TryCreate(model, UriKind.Absolute, out uri!) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>Opens the model, turning its load errors into one-line CLI errors.</summary>
    public static async Task<IModel> OpenAsync(ModelOptions options, bool verbose, CancellationToken cancellationToken)
    {
        try
        {
            var probe = GpuProbe.ForCurrentExecutable(ProbeCommand);
            return await ModelFactory.CreateAsync(options, new StderrLogger(verbose ? LogLevel.Debug : LogLevel.Warning), probe, cancellationToken: cancellationToken);
        }
        catch (ModelException e)
        {
            throw new CliException(e.Message);
        }
    }

    /// <summary>`generate probe-gpu --model m.gguf --gpu-layers N`: loads the CUDA build, decodes a token, prints one JSON line.</summary>
    private static Command ProbeGpu()
    {
        var model = new Option<string>("--model") { Required = true };
        var gpuLayers = new Option<int>("--gpu-layers") { DefaultValueFactory = _ => -1 };
        var command = new Command("probe-gpu", "Test the CUDA build in this process (run by the server as a child).") { model, gpuLayers };
        command.Hidden = true;
        command.SetAction(parse => GpuProbe.RunInThisProcess(parse.GetValue(model)!, parse.GetValue(gpuLayers), Console.Out));
        return command;
    }

    /// <summary>Model logs on stderr, one line each: stdout carries the completion.</summary>
    private sealed class StderrLogger(LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Console.Error.WriteLine($"codeimprove: {formatter(state, exception)}");
            }
        }
    }
}
