using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using CodeImprove.Cli.Commands;
using CodeImprove.Inference;
using CodeImprove.Inference.Llama;

namespace CodeImprove.Cli.Bench;

/// <summary>
/// `codeimprove bench model --model m.gguf`: load time, prefill and decode tokens/s, and time to first token of a GGUF
/// model in process (median of several runs, prompt cache cleared before each), and the device used.
/// </summary>
internal static class ModelBench
{
    public static Command Create()
    {
        var model = GenerateCommand.ModelOption();
        var promptTokens = new Option<int>("--prompt-tokens") { Description = "Prompt length for prefill.", DefaultValueFactory = _ => 128 };
        var generateTokens = new Option<int>("--gen-tokens") { Description = "Tokens to generate for decode speed.", DefaultValueFactory = _ => 128 };
        var runs = new Option<int>("--runs") { Description = "Runs; the median is reported.", DefaultValueFactory = _ => 5 };
        var device = GenerateCommand.DeviceOption();
        var threads = GenerateCommand.ThreadsOption();
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
        var command = new Command("model", "Model speed: prefill and decode tokens/s, time to first token, device.")
        {
            model, promptTokens, generateTokens, runs, device, threads, json,
        };
        CliAction.Set(command, (parse, ct) => RunAsync(parse.GetValue(model)!, parse.GetValue(promptTokens), parse.GetValue(generateTokens),
            parse.GetValue(runs), parse.GetValue(device), parse.GetValue(threads), parse.GetValue(json), ct));
        return command;
    }

    private static async Task<int> RunAsync(string path, int promptTokens, int generateTokens, int runs, ModelDevice device, int threads,
        bool json, CancellationToken cancellationToken)
    {
        if (promptTokens < 2 || generateTokens < 2 || runs < 1)
        {
            throw new CliException("need --prompt-tokens >= 2, --gen-tokens >= 2 and --runs >= 1.");
        }
        var options = GenerateCommand.Options(path, device, promptTokens + generateTokens + 8, threads);
        if (options.Path is null)
        {
            throw new CliException("bench model measures a GGUF file in process; give --model a .gguf path");
        }
        var load = Stopwatch.StartNew();
        await using var opened = await GenerateCommand.OpenAsync(options, verbose: false, cancellationToken);
        var loadTime = load.Elapsed;
        var model = (LlamaModel)opened;
        var prompt = PromptOf(model, promptTokens);
        // Greedy decoding that ignores end-of-text would need a custom sampler; a seeded hot sampler rarely ends early.
        var sampling = new SamplingSettings { Temperature = 1.0f, TopK = 0, TopP = 1, MaxTokens = generateTokens, Seed = 1 };
        await RunOnceAsync(model, prompt, sampling with { MaxTokens = 4 }, cancellationToken); // warm-up
        var results = new List<(GenerationStats Stats, TimeSpan FirstToken)>();
        for (var run = 0; run < runs; run++)
        {
            results.Add(await RunOnceAsync(model, prompt, sampling with { Seed = (uint)run + 1 }, cancellationToken));
        }
        var figures = new
        {
            model = Path.GetFileName(path),
            device = model.Description.Device,
            machine = $"{Environment.ProcessorCount} logical cores",
            promptTokens = results[0].Stats.PromptTokens,
            generatedTokens = Median(results.Select(r => (double)r.Stats.GeneratedTokens)),
            runs,
            loadMs = Math.Round(loadTime.TotalMilliseconds, 1),
            prefillTokensPerSecond = Math.Round(Median(results.Select(r => r.Stats.PrefillTokensPerSecond)), 1),
            decodeTokensPerSecond = Math.Round(Median(results.Select(r => r.Stats.DecodeTokensPerSecond)), 1),
            timeToFirstTokenMs = Math.Round(Median(results.Select(r => r.FirstToken.TotalMilliseconds)), 2),
        };
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(figures, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        Console.WriteLine($"model            {figures.model}");
        Console.WriteLine($"device           {figures.device} on {figures.machine}");
        Console.WriteLine($"load             {figures.loadMs:0.0} ms");
        Console.WriteLine($"prefill          {figures.prefillTokensPerSecond:0.0} tok/s ({figures.promptTokens}-token prompt, median of {runs})");
        Console.WriteLine($"decode           {figures.decodeTokensPerSecond:0.0} tok/s ({figures.generatedTokens:0} tokens)");
        Console.WriteLine($"first token      {figures.timeToFirstTokenMs:0.00} ms");
        return 0;
    }

    private static async Task<(GenerationStats, TimeSpan)> RunOnceAsync(LlamaModel model, string prompt, SamplingSettings sampling, CancellationToken cancellationToken)
    {
        await model.ClearPromptCacheAsync();
        var clock = Stopwatch.StartNew();
        TimeSpan? firstToken = null;
        await foreach (var _ in model.StreamCompletionAsync(prompt, sampling, cancellationToken))
        {
            firstToken ??= clock.Elapsed;
        }
        return (model.LastGeneration!, firstToken ?? clock.Elapsed);
    }

    /// <summary>Words of a story, as many as fit in <paramref name="tokens"/> tokens.</summary>
    private static string PromptOf(LlamaModel model, int tokens)
    {
        var words = string.Join(' ', Enumerable.Repeat("Once upon a time there was a little girl who liked to read code in the park.", tokens))
            .Split(' ');
        int low = 1, high = words.Length;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (model.Tokenize(string.Join(' ', words[..mid])).Length <= tokens)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }
        return string.Join(' ', words[..low]);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
