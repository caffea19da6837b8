using CodeImprove.Memory.Embeddings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeImprove.Memory;

public sealed record EpisodeStoreOptions
{
    public const string StateFolderName = ".codeimprove";
    public const string DefaultFileName = "episodes.db";

    /// <summary>The episode database; by default <c>&lt;workspace&gt;/.codeimprove/episodes.db</c>.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>Used when the first writer on a busy database waits for another (e.g. a second server).</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Cap on the database file; past it writes stop as on a full disk. Null for no cap (the disk is the limit).
    /// </summary>
    public long? MaxDatabaseBytes { get; init; }

    public IEmbedder Embedder { get; init; } = new HashingCodeEmbedder();
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    public ILogger Logger { get; init; } = NullLogger.Instance;

    public static EpisodeStoreOptions ForWorkspace(string workspaceRoot) => new()
    {
        DatabasePath = Path.Combine(Path.GetFullPath(workspaceRoot), StateFolderName, DefaultFileName),
    };
}
