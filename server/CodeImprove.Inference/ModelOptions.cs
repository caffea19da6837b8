namespace CodeImprove.Inference;

/// <summary>
/// Where the model comes from and how it runs. Names match the "model" section of config/defaults.json.
/// Exactly one of <see cref="Path"/> and <see cref="Endpoint"/> is set.
/// </summary>
public sealed record ModelOptions
{
    /// <summary>A GGUF file run in process.</summary>
    public string? Path { get; init; }

    /// <summary>Base address of an OpenAI-compatible server, e.g. http://gpu-box:8000/v1.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>The model name sent to the endpoint; null takes the first one /v1/models lists.</summary>
    public string? EndpointModel { get; init; }

    /// <summary>Environment variable holding the endpoint's API key; null, unset or empty sends none.</summary>
    public string? ApiKeyEnvironmentVariable { get; init; } = "CODEIMPROVE_API_KEY";

    /// <summary>Layers offloaded to the GPU: negative = all, 0 = CPU only.</summary>
    public int GpuLayers { get; init; } = -1;

    /// <summary>Where to run: Auto prefers a working GPU and falls back to CPU; Cuda fails when CUDA cannot be used.</summary>
    public ModelDevice Device { get; init; } = ModelDevice.Auto;

    /// <summary>Context size in tokens; 0 takes the model's training context.</summary>
    public int ContextSize { get; init; } = 4096;

    /// <summary>CPU threads; 0 chooses from the cores that are free now.</summary>
    public int Threads { get; init; }

    /// <summary>Load the model to produce pooled embeddings (an embedding GGUF such as bge or nomic-embed).</summary>
    public bool Embeddings { get; init; }

    /// <summary>Per-request timeout for an endpoint (the whole request for embeddings, the gap between chunks when streaming).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Retries of an endpoint request that failed with a transient error (connection refused, 429, 5xx).</summary>
    public int MaxRetries { get; init; } = 3;
}

public enum ModelDevice
{
    Auto,
    Cpu,
    Cuda,
}
