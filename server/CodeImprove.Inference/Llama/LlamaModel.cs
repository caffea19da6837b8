using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using CodeImprove.Inference.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeImprove.Inference.Llama;

/// <summary>
/// A GGUF model run in process by llama.cpp: one model and one context. The context is not thread-safe, so requests
/// are served one at a time; the KV cache keeps the previous request's tokens for the next one to reuse.
/// </summary>
public sealed class LlamaModel : IModel
{
    private readonly LlamaModelHandle model;
    private readonly LlamaContextHandle context;
    private readonly Vocabulary vocabulary;
    private readonly ChatTemplate template;
    private readonly KvCache? generation;        // null when loaded for embeddings
    private readonly TokenBatch? embeddingBatch; // null when loaded for generation
    private readonly bool encoderOnly;
    private readonly int embeddingSize;
    private readonly SemaphoreSlim gate = new(1, 1);

    private LlamaModel(LlamaModelHandle model, LlamaContextHandle context, ModelDescription description, bool embeddings)
    {
        this.model = model;
        this.context = context;
        Description = description;
        var modelPtr = model.DangerousGetHandle();
        vocabulary = new Vocabulary(LlamaNative.llama_model_get_vocab(modelPtr));
        template = ChatTemplate.FromModel(model);
        embeddingSize = LlamaNative.llama_model_n_embd(modelPtr);
        encoderOnly = LlamaNative.llama_model_has_encoder(modelPtr) && !LlamaNative.llama_model_has_decoder(modelPtr);
        var batchSize = (int)LlamaNative.llama_n_batch(context.DangerousGetHandle());
        if (embeddings)
        {
            embeddingBatch = new TokenBatch(batchSize);
        }
        else
        {
            generation = new KvCache(context, batchSize);
        }
    }

    public ModelDescription Description { get; }

    public int ContextSize => Description.ContextSize;

    /// <summary>How the chat prompts are formatted: the model's own template or the fallback transcript.</summary>
    public string ChatFormat => template.Kind;

    /// <summary>Statistics of the most recent completion (null before the first).</summary>
    public GenerationStats? LastGeneration { get; private set; }

    /// <summary>Loads the model, choosing the device and threads; throws <see cref="ModelException"/> with the fix on failure.</summary>
    public static async Task<LlamaModel> LoadAsync(ModelOptions options, ILogger? logger = null, GpuProbe? probe = null,
        CancellationToken cancellationToken = default)
    {
        logger ??= NullLogger.Instance;
        var header = LlamaModelLoader.ReadHeader(options.Path);
        var backend = await BackendSelector.ChooseAsync(options, header.Path, probe, logger, cancellationToken);
        return await Task.Run(() => Load(options, header, backend, logger), cancellationToken);
    }

    private static LlamaModel Load(ModelOptions options, GgufHeader header, BackendChoice backend, ILogger logger)
    {
        LlamaLibrary.EnsureLoaded(backend.Directory, logger);
        var trainedContext = (int)(header.GetArchInteger("context_length") ?? 0);
        var contextSize = options.ContextSize > 0 ? options.ContextSize : trainedContext > 0 ? trainedContext : 4096;
        if (trainedContext > 0 && contextSize > trainedContext)
        {
            logger.LogInformation("{File} was trained on {Trained} tokens of context; using {Trained} instead of {Requested}",
                Path.GetFileName(header.Path), trainedContext, trainedContext, contextSize);
            contextSize = trainedContext;
        }
        if (!backend.Gpu)
        {
            MemoryBudget.EnsureFits(header.Path, new FileInfo(header.Path).Length,
                MemoryBudget.EstimateKvCacheBytes(header, contextSize), MemoryBudget.AvailableBytes());
        }
        var model = LlamaModelLoader.Load(header, backend.Gpu ? options.GpuLayers : 0);
        try
        {
            var threads = ThreadPlanner.Choose(options.Threads, (long)LlamaNative.llama_model_size(model.DangerousGetHandle()));
            var context = CreateContext(model, header, contextSize, threads, options.Embeddings);
            var device = backend.Gpu ? $"{backend.GpuName} ({(options.GpuLayers < 0 ? "all" : options.GpuLayers.ToString(System.Globalization.CultureInfo.InvariantCulture))} layers)" : $"CPU ({threads} thread{(threads == 1 ? "" : "s")})";
            var loaded = new LlamaModel(model, context, new ModelDescription(Path.GetFileName(header.Path), device, contextSize) { TrainedContextSize = trainedContext > 0 ? trainedContext : null }, options.Embeddings);
            logger.LogInformation("model {File} loaded on {Device}: context {Context} tokens, chat format: {Format}",
                header.Path, device, contextSize, loaded.ChatFormat);
            return loaded;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static LlamaContextHandle CreateContext(LlamaModelHandle model, GgufHeader header, int contextSize, int threads, bool embeddings)
    {
        var parameters = LlamaNative.llama_context_default_params();
        parameters.ContextSize = (uint)contextSize;
        // Embeddings of a non-causal model must fit one micro-batch; generation prefills in 512-token micro-batches.
        parameters.BatchSize = (uint)(embeddings ? contextSize : Math.Min(contextSize, 2048));
        parameters.MicroBatchSize = (uint)(embeddings ? contextSize : Math.Min(contextSize, 512));
        parameters.Threads = threads;
        parameters.BatchThreads = threads;
        parameters.NoPerf = true;
        parameters.Embeddings = embeddings;
        if (embeddings)
        {
            parameters.PoolingType = header.GetArchInteger("pooling_type") is { } pooling ? (LlamaPoolingType)pooling : LlamaPoolingType.Mean;
        }
        nint context;
        List<string> log;
        using (var capture = LlamaLog.Capture())
        {
            context = LlamaNative.llama_init_from_model(model.DangerousGetHandle(), parameters);
            log = capture.Lines;
        }
        if (context == 0)
        {
            throw new ModelException(
                $"llama.cpp could not create a {contextSize}-token context for {Path.GetFileName(header.Path)}: {log.LastOrDefault() ?? "no reason given"}. " +
                "Lower model.contextSize or free memory.");
        }
        return new LlamaContextHandle(context);
    }

    public IAsyncEnumerable<string> StreamChatAsync(IReadOnlyList<ChatMessage> messages, SamplingSettings sampling,
        CancellationToken cancellationToken = default) =>
        GenerateAsync(vocabulary.TokenizeChat(template.Apply(messages)), sampling, cancellationToken);

    public IAsyncEnumerable<string> StreamCompletionAsync(string prompt, SamplingSettings sampling, CancellationToken cancellationToken = default) =>
        GenerateAsync(vocabulary.Tokenize(prompt, addSpecial: true, parseSpecial: false), sampling, cancellationToken);

    /// <summary>Tokens of a prompt as this model sees it (BOS included where the model adds one).</summary>
    public int[] Tokenize(string text, bool addSpecial = true) => vocabulary.Tokenize(text, addSpecial, parseSpecial: false);

    public ValueTask<int> CountTokensAsync(string text, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(vocabulary.Tokenize(text, addSpecial: false, parseSpecial: false).Length);

    /// <summary>Forgets the cached prompt, so the next request decodes its whole prompt (benchmarks).</summary>
    public async Task ClearPromptCacheAsync()
    {
        await gate.WaitAsync();
        try
        {
            generation?.Clear();
        }
        finally
        {
            gate.Release();
        }
    }

    private async IAsyncEnumerable<string> GenerateAsync(int[] prompt, SamplingSettings sampling,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (generation is null)
        {
            throw new ModelException($"{Description.Name} is loaded for embeddings; configure a chat model in model.path for completions");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(sampling.MaxTokens, 1, nameof(sampling));
        if (prompt.Length == 0 || prompt.Length >= ContextSize)
        {
            throw prompt.Length == 0 ? new ModelException("the prompt is empty") : new PromptTooLongException(prompt.Length, ContextSize);
        }
        await gate.WaitAsync(cancellationToken);
        using var sampler = SamplerChain.Create(sampling);
        var stops = new StopStringFilter(sampling.Stop);
        var utf8 = Encoding.UTF8.GetDecoder();
        var reused = 0;
        var generated = 0;
        var decodeSteps = 0;
        var prefillTime = TimeSpan.Zero;
        var decodeTime = TimeSpan.Zero;
        var finish = FinishReason.Cancelled;
        try
        {
            (reused, prefillTime) = await Task.Run(() =>
            {
                var kept = generation.KeepCommonPrefix(prompt);
                var clock = Stopwatch.StartNew();
                generation.Extend(prompt.AsSpan(kept), BatchOutputs.Last, cancellationToken);
                return (kept, clock.Elapsed);
            }, cancellationToken);

            var token = Sample(sampler);
            while (true)
            {
                if (vocabulary.IsEndOfGeneration(token))
                {
                    finish = FinishReason.Stop;
                    break;
                }
                generated++;
                var text = Decode(utf8, vocabulary.Piece(token), flush: false);
                var safe = stops.Push(text);
                if (safe.Length > 0)
                {
                    yield return safe;
                }
                if (stops.Stopped)
                {
                    finish = FinishReason.Stop;
                    break;
                }
                if (generated >= sampling.MaxTokens)
                {
                    finish = FinishReason.Length;
                    break;
                }
                if (generation.Count + 1 >= ContextSize)
                {
                    finish = FinishReason.ContextFull;
                    break;
                }
                cancellationToken.ThrowIfCancellationRequested();
                var previous = token;
                (token, var elapsed) = await Task.Run(() =>
                {
                    var clock = Stopwatch.StartNew();
                    generation.Extend([previous], BatchOutputs.Last, cancellationToken);
                    return (Sample(sampler), clock.Elapsed);
                }, cancellationToken);
                decodeSteps++;
                decodeTime += elapsed;
            }
            var rest = stops.Push(Decode(utf8, [], flush: true)) + stops.Flush();
            if (rest.Length > 0)
            {
                yield return rest;
            }
        }
        finally
        {
            LastGeneration = new GenerationStats(prompt.Length, reused, generated, prefillTime, decodeSteps, decodeTime, finish);
            gate.Release();
        }
    }

    private int Sample(LlamaSamplerHandle sampler) =>
        LlamaNative.llama_sampler_sample(sampler.DangerousGetHandle(), context.DangerousGetHandle(), -1);

    /// <summary>A piece can end inside a multi-byte character: the decoder keeps those bytes for the next piece.</summary>
    private static string Decode(Decoder decoder, byte[] bytes, bool flush)
    {
        var chars = new char[decoder.GetCharCount(bytes, flush)];
        decoder.GetChars(bytes, chars, flush);
        return new string(chars);
    }

    public async ValueTask<float[]> EmbedAsync(string text, CancellationToken cancellationToken = default)
    {
        if (embeddingBatch is null)
        {
            throw new ModelException($"{Description.Name} is loaded for chat, not embeddings; set model.embeddingModelPath to an embedding GGUF");
        }
        var tokens = vocabulary.Tokenize(text, addSpecial: true, parseSpecial: false);
        if (tokens.Length > embeddingBatch.Capacity)
        {
            throw new PromptTooLongException(tokens.Length, embeddingBatch.Capacity);
        }
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(() => Embed(tokens), cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private unsafe float[] Embed(int[] tokens)
    {
        var ctx = context.DangerousGetHandle();
        var memory = LlamaNative.llama_get_memory(ctx);
        if (memory != 0)
        {
            LlamaNative.llama_memory_clear(memory, data: false);
        }
        var batch = embeddingBatch!.Fill(tokens, 0, BatchOutputs.All);
        var result = encoderOnly ? LlamaNative.llama_encode(ctx, batch) : LlamaNative.llama_decode(ctx, batch);
        if (result != 0)
        {
            throw new ModelException($"llama.cpp failed to compute the embedding of {tokens.Length} tokens (code {result})");
        }
        var pooled = LlamaNative.llama_get_embeddings_seq(ctx, 0);
        if (pooled == null)
        {
            throw new ModelException($"{Description.Name} produced no pooled embedding; use an embedding model (its GGUF sets a pooling type)");
        }
        var vector = new ReadOnlySpan<float>(pooled, embeddingSize).ToArray();
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        if (norm > 0)
        {
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] /= norm;
            }
        }
        return vector;
    }

    public async ValueTask DisposeAsync()
    {
        await gate.WaitAsync();
        generation?.Dispose();
        embeddingBatch?.Dispose();
        context.Dispose();
        model.Dispose();
        gate.Dispose();
    }
}
