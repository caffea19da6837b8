namespace CodeImprove.Inference;

/// <summary>
/// A language model the engine talks to: a GGUF file run in process by llama.cpp, or an OpenAI-compatible endpoint.
/// Streams are cancelled at the next token when the token fires; implementations serialize work that shares state.
/// </summary>
public interface IModel : IAsyncDisposable
{
    /// <summary>What is loaded and where it runs (for logs, the status bar and benchmark reports).</summary>
    ModelDescription Description { get; }

    /// <summary>Tokens the prompt and the completion share.</summary>
    int ContextSize { get; }

    /// <summary>Streams the assistant's reply to a conversation, formatted with the model's chat template.</summary>
    IAsyncEnumerable<string> StreamChatAsync(IReadOnlyList<ChatMessage> messages, SamplingSettings sampling, CancellationToken cancellationToken = default);

    /// <summary>Streams the continuation of raw text (no chat template).</summary>
    IAsyncEnumerable<string> StreamCompletionAsync(string prompt, SamplingSettings sampling, CancellationToken cancellationToken = default);

    /// <summary>Tokens <paramref name="text"/> takes in this model's vocabulary (no special tokens added).</summary>
    ValueTask<int> CountTokensAsync(string text, CancellationToken cancellationToken = default);

    /// <summary>A unit-length embedding of <paramref name="text"/>; needs a model configured for embeddings.</summary>
    ValueTask<float[]> EmbedAsync(string text, CancellationToken cancellationToken = default);
}

/// <summary>One message of a chat; <see cref="Role"/> is "system", "user" or "assistant".</summary>
public sealed record ChatMessage(string Role, string Content)
{
    public static ChatMessage System(string content) => new("system", content);
    public static ChatMessage User(string content) => new("user", content);
    public static ChatMessage Assistant(string content) => new("assistant", content);
}

/// <summary>What is loaded and on which device, e.g. ("qwen2.5-coder-1.5b-instruct-q4_k_m.gguf", "CUDA0: NVIDIA H100", 4096).</summary>
public sealed record ModelDescription(string Name, string Device, int ContextSize)
{
    /// <summary>The context the model was trained on (a GGUF's context_length), when known: more than this cannot help.</summary>
    public int? TrainedContextSize { get; init; }
}

/// <summary>How tokens are chosen. A temperature of 0 (or <see cref="Greedy"/>) always takes the most likely token.</summary>
public sealed record SamplingSettings
{
    public float Temperature { get; init; } = 0.2f;
    public float TopP { get; init; } = 0.95f;
    public int TopK { get; init; } = 40;
    public uint Seed { get; init; } = 42;
    public int MaxTokens { get; init; } = 1024;

    /// <summary>Generation ends before the first occurrence of any of these; the stop string itself is not returned.</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];

    public bool IsGreedy => Temperature <= 0;

    public static SamplingSettings Greedy { get; } = new() { Temperature = 0 };
}
