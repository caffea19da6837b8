using CodeImprove.Inference;

namespace CodeImprove.Engine.Configuration;

/// <summary>
/// Every setting, with the names used in config/codeimprove.json, .codeimprove/config.json and the editor's
/// "codeImprove" settings section. Defaults live in config/codeimprove.json, not here.
/// </summary>
public sealed record CodeImproveOptions
{
    public ModelSettings Model { get; init; } = new();
    public LoopSettings Loop { get; init; } = new();
    public ThresholdSettings Thresholds { get; init; } = new();
    public DiagnosticsSettings Diagnostics { get; init; } = new();
    public MemorySettings Memory { get; init; } = new();
    public HistorySettings History { get; init; } = new();
    public LoggingSettings Logging { get; init; } = new();
}

/// <remarks>An empty or blank path, endpoint or model name means none (what the Settings UI writes when a field is cleared).</remarks>
public sealed record ModelSettings
{
    public string? Path { get; init => field = NoneIfBlank(value); }
    public string? Endpoint { get; init => field = NoneIfBlank(value); }
    public string? EndpointModel { get; init => field = NoneIfBlank(value); }
    public string? ApiKeyEnvironmentVariable { get; init; }
    public string? EmbeddingModelPath { get; init => field = NoneIfBlank(value); }
    public int GpuLayers { get; init; }
    public int ContextSize { get; init; }
    public int Threads { get; init; }
    public double Temperature { get; init; }
    public double TopP { get; init; }
    public int TopK { get; init; }
    public int Seed { get; init; }
    public int MaxTokens { get; init; }

    /// <summary>
    /// Set by <see cref="OptionsLoader"/> and the server, never by a file: the endpoint comes from the workspace's own
    /// configuration and the user's settings did not choose it, or the workspace is untrusted, so no credential is sent
    /// to it (a cloned repository could name any host).
    /// </summary>
    public bool EndpointFromWorkspace { get; init; }

    private static string? NoneIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>What the model runtime needs to open this model (an endpoint, when set, wins over a path).</summary>
    /// <exception cref="UriFormatException">model.endpoint is not an absolute address.</exception>
    public ModelOptions ToModelOptions() => new()
    {
        Path = Endpoint is null ? Path : null,
        Endpoint = Endpoint is { } endpoint ? new Uri(endpoint) : null,
        EndpointModel = EndpointModel,
        ApiKeyEnvironmentVariable = EndpointFromWorkspace ? null : ApiKeyEnvironmentVariable ?? "CODEIMPROVE_API_KEY",
        GpuLayers = GpuLayers,
        ContextSize = ContextSize,
        Threads = Threads,
    };
}

public sealed record LoopSettings
{
    /// <summary>A candidate the model keeps after reflection that scores at least this ends the run (0: run every cycle).</summary>
    public double StopScore { get; init; }

    /// <summary>Whether the code fixes also compete in a model run, so that a run is never worse than no model.</summary>
    public bool CodeFixes { get; init; } = true;

    public int MaxCycles { get; init; }
    public int MaxReflect { get; init; }
    public int BudgetSeconds { get; init; }
    public int Examples { get; init; }

    /// <summary>
    /// The cosine similarity a past episode needs to enter a prompt as an example: below it the code is unrelated and the
    /// example only costs tokens. 0.5 fits the built-in embedder (a renamed or edited variant of a method scores 0.56 or
    /// more in 95 % of the labelled set; the nearest unrelated method at most 0.50); a GGUF embedding model may need another.
    /// </summary>
    public double ExampleSimilarity { get; init; } = 0.5;
}

public sealed record ThresholdSettings
{
    public int CyclomaticComplexity { get; init; }
    public int MaintainabilityIndex { get; init; }
    public int NestingDepth { get; init; }
    public int MethodLines { get; init; }
}

public sealed record DiagnosticsSettings
{
    public int DebounceMilliseconds { get; init; }

    /// <summary>
    /// "all": compiler and analyzer diagnostics with their quick fixes, and CodeImprove's own findings; "own": only the
    /// findings (CI0001-CI0004) and "improve this", for an editor whose C# extension already shows the rest. "auto" (the
    /// default) is resolved by the VS Code client, which can see the C# extension; a client that sends it as is gets "all",
    /// and so does anything else.
    /// </summary>
    public string Scope { get; init; } = "auto";

    public bool OwnOnly => string.Equals(Scope, "own", StringComparison.OrdinalIgnoreCase);
}

public sealed record MemorySettings
{
    public string? DatabasePath { get; init; }
}

public sealed record HistorySettings
{
    public int MaxPoints { get; init; }
    public int MaxAgeDays { get; init; }
}

public sealed record LoggingSettings
{
    public string Level { get; init; } = "Information";
    public string? Directory { get; init; }
}
