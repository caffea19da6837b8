using CodeImprove.Memory.Embeddings;
using CodeImprove.Memory.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace CodeImprove.Memory;

/// <summary>
/// The workspace's episode memory: one SQLite database (WAL, vec0 loaded) behind one connection.
/// Calls are serialised in-process; across processes SQLite's locks and the busy timeout keep one writer at a time.
/// Storage faults never reach the improve loop: writes report "not recorded" (null or false), retrieval returns
/// nothing, and <see cref="Health"/> says why. The list, detail and statistics reads let a read error through
/// (the side panel shows it). Invalid arguments throw <see cref="ArgumentException"/>.
/// </summary>
public sealed class EpisodeStore : IAsyncDisposable
{
    private readonly EpisodeStoreOptions options;
    private readonly VectorIndex index;
    private readonly SemaphoreSlim gate = new(1, 1);
    private SqliteConnection? connection;
    private readonly bool searchReady;
    private volatile StoreHealth health;

    private EpisodeStore(string databasePath, EpisodeStoreOptions options, VectorIndex index, OpenedStore opened)
    {
        DatabasePath = databasePath;
        this.options = options;
        this.index = index;
        connection = opened.Connection;
        searchReady = opened.SearchReady;
        health = opened.Health;
    }

    public string DatabasePath { get; }

    public StoreHealth Health => health;

    public IEmbedder Embedder => options.Embedder;

    /// <summary>Raised when the store stops writing (full disk, read-only folder) while it is in use.</summary>
    public event Action<StoreHealth>? HealthChanged;

    /// <summary>
    /// Opens (creating or migrating) the database. Never throws for storage faults: a corrupt file is moved aside
    /// and replaced, an unwritable one is opened read-only; <see cref="Health"/> tells which.
    /// </summary>
    public static async Task<EpisodeStore> OpenAsync(EpisodeStoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = Path.GetFullPath(options.DatabasePath);
        var index = new VectorIndex(options.Embedder);
        var opened = await Task.Run(() => StoreOpener.OpenAsync(path, options, index, cancellationToken), cancellationToken);
        var store = new EpisodeStore(path, options, index, opened);
        if (opened.Health.RecoveryMessage is { } recovery)
        {
            options.Logger.LogWarning("{Recovery}", recovery);
        }
        if (opened.Health.Warning is { } warning)
        {
            options.Logger.LogWarning("Episode memory degraded ({Mode}): {Warning}", opened.Health.Mode, warning);
        }
        return store;
    }

    /// <returns>The new episode's id, or null when it was not recorded (see <see cref="Health"/>).</returns>
    public async Task<long?> AddEpisodeAsync(EpisodeDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (!health.CanWrite)
        {
            return null;
        }
        var embedding = await TryEmbedAsync(draft.OriginalCode, cancellationToken);
        return await WriteAsync<long?>("episode", null, (db, transaction, now) =>
        {
            var id = EpisodeWrites.InsertEpisode(db, transaction, draft, now);
            if (embedding is not null && !index.TryInsert(db, transaction, id, embedding, draft.Decision))
            {
                options.Logger.LogWarning("Episode {Id} was recorded without its embedding; retrieval will not find it", id);
            }
            return id;
        }, cancellationToken);
    }

    /// <returns>The candidate's id, or null when it was not recorded (unknown episode, or see <see cref="Health"/>).</returns>
    public Task<long?> AddCandidateAsync(long episodeId, CandidateDraft candidate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return WriteAsync<long?>("candidate", null, (db, transaction, now) => EpisodeWrites.InsertCandidate(db, transaction, episodeId, candidate, now), cancellationToken);
    }

    /// <returns>The reflection's id, or null when it was not recorded (unknown episode, or see <see cref="Health"/>).</returns>
    public Task<long?> AddReflectionAsync(long episodeId, int cycle, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return WriteAsync<long?>("reflection", null, (db, transaction, now) => EpisodeWrites.InsertReflection(db, transaction, episodeId, cycle, text, now), cancellationToken);
    }

    /// <summary>Records how the episode ended; <paramref name="finalCode"/> replaces the final candidate when the user kept only part of it.</summary>
    /// <returns>False when nothing was recorded: no such episode, or see <see cref="Health"/>.</returns>
    public Task<bool> SetDecisionAsync(
        long episodeId,
        EpisodeDecision decision,
        string? reason = null,
        string? rollbackPointId = null,
        string? finalCode = null,
        CancellationToken cancellationToken = default)
    {
        var update = new DecisionUpdate(reason, rollbackPointId, finalCode);
        return WriteAsync("decision", false, (db, transaction, now) =>
        {
            if (!EpisodeWrites.UpdateDecision(db, transaction, episodeId, decision, update, now))
            {
                return false;
            }
            if (!index.TryMove(db, transaction, episodeId, decision))
            {
                options.Logger.LogWarning("Episode {Id} keeps its old decision in the similarity index", episodeId);
            }
            return true;
        }, cancellationToken);
    }

    /// <summary>Counts the user's decision on each rule a decided hunk fixed (one entry per hunk and rule).</summary>
    /// <returns>False when nothing was recorded (see <see cref="Health"/>).</returns>
    public Task<bool> RecordFixDecisionsAsync(IReadOnlyList<(string Rule, bool Accepted)> decisions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        return decisions.Count == 0 ? Task.FromResult(true) : WriteAsync("fix preference", false, (db, transaction, now) =>
        {
            foreach (var (rule, accepted) in decisions)
            {
                FixPreferenceQueries.Record(db, transaction, rule, accepted, now);
            }
            return true;
        }, cancellationToken);
    }

    /// <summary>The learned code-fix preferences, by rule; empty when the store cannot be read.</summary>
    public Task<IReadOnlyList<FixPreference>> GetFixPreferencesAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<FixPreference>>([], FixPreferenceQueries.All, cancellationToken);

    /// <summary>Forgets every learned code-fix preference; returns how many rules were forgotten, or null when the store cannot write.</summary>
    public Task<int?> ResetFixPreferencesAsync(CancellationToken cancellationToken = default) =>
        WriteAsync<int?>("preference reset", null, (db, transaction, _) => FixPreferenceQueries.Reset(db, transaction), cancellationToken);

    /// <returns>The episode with its candidates and reflections, or null when there is none with that id.</returns>
    public Task<EpisodeDetail?> GetEpisodeAsync(long episodeId, CancellationToken cancellationToken = default) =>
        ReadAsync(null, db => EpisodeReads.Get(db, episodeId), cancellationToken);

    /// <summary>A page of episodes, newest first, filtered as the query says.</summary>
    public Task<EpisodePage> QueryEpisodesAsync(EpisodeQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset, nameof(query.Offset));
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query.Limit));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, EpisodeQuery.MaxLimit, nameof(query.Limit));
        return ReadAsync(new EpisodePage([], 0, query.Offset, query.Limit), db => EpisodeReads.Query(db, query), cancellationToken);
    }

    /// <summary>
    /// The episodes nearest to the given code or embedding, most similar first. Used inside the improve loop,
    /// so a storage fault yields an empty list and a logged warning rather than an exception.
    /// </summary>
    public async Task<IReadOnlyList<SimilarEpisode>> FindSimilarAsync(SimilarityQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if ((query.Code is null) == (query.Embedding is null))
        {
            throw new ArgumentException("give either the code or an embedding to compare with", nameof(query));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(query.K, 1, nameof(query.K));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.K, 100, nameof(query.K));
        var embedding = query.Embedding ?? await TryEmbedAsync(query.Code!, cancellationToken);
        if (embedding is null || !searchReady)
        {
            return [];
        }
        try
        {
            return await ReadAsync<IReadOnlyList<SimilarEpisode>>([], db =>
                EpisodeReads.Similar(db, index.Search(db, embedding, query.K, query.Decision, query.ExcludeEpisodeId)), cancellationToken);
        }
        catch (SqliteException e)
        {
            options.Logger.LogWarning("Similar episodes could not be read: {Reason}", StorageFaults.Describe(e));
            return [];
        }
    }

    /// <param name="bucketSize">Width of the acceptance-over-time buckets; a day by default.</param>
    /// <param name="maxBuckets">How many of the latest non-empty buckets to return.</param>
    public Task<EpisodeStatistics> GetStatisticsAsync(TimeSpan? bucketSize = null, int maxBuckets = 30, CancellationToken cancellationToken = default)
    {
        var size = bucketSize ?? TimeSpan.FromDays(1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, TimeSpan.FromMinutes(1), nameof(bucketSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBuckets, 1, nameof(maxBuckets));
        return ReadAsync(EpisodeStatistics.Empty(size), db => StatisticsQueries.Compute(db, size, maxBuckets), cancellationToken);
    }

    /// <summary>Writes one JSON line per accepted episode with a final candidate: {"instruction", "before", "after"}.</summary>
    /// <returns>How many lines were written.</returns>
    public Task<int> ExportAcceptedAsync(TextWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return ReadAsync(0, db => DatasetExport.Write(EpisodeReads.AcceptedPairs(db), writer, cancellationToken), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await gate.WaitAsync();
        try
        {
            connection?.Dispose();
            connection = null;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<float[]?> TryEmbedAsync(string code, CancellationToken cancellationToken)
    {
        try
        {
            var embedding = await options.Embedder.EmbedAsync(code, cancellationToken);
            if (embedding.Length == options.Embedder.Dimension)
            {
                return embedding;
            }
            options.Logger.LogWarning("Embedder {Embedder} returned {Length} values instead of {Dimension}; retrieval skips this code",
                options.Embedder.Id, embedding.Length, options.Embedder.Dimension);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            options.Logger.LogWarning(e, "Embedder {Embedder} failed; retrieval skips this code", options.Embedder.Id);
        }
        return null;
    }

    private async Task<T> WriteAsync<T>(string what, T notRecorded, Func<SqliteConnection, SqliteTransaction, DateTimeOffset, T> write, CancellationToken cancellationToken)
    {
        StoreHealth? degraded = null;
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (connection is not { } db || !health.CanWrite)
            {
                return notRecorded;
            }
            return await Task.Run(() =>
            {
                using var transaction = db.BeginTransaction(deferred: false);
                var result = write(db, transaction, options.Clock.GetUtcNow());
                transaction.Commit();
                return result;
            }, cancellationToken);
        }
        catch (Exception e) when (e is WriteAbortedException || (e is SqliteException sqlite && StorageFaults.StopsWriting(sqlite)))
        {
            var reason = e is SqliteException fault ? StorageFaults.Describe(fault) : e.Message;
            degraded = health with { Mode = StoreMode.ReadOnly, Warning = $"episodes are no longer recorded: {reason}" };
            health = degraded;
            options.Logger.LogWarning("Episode memory degraded: {Warning}", degraded.Warning);
            return notRecorded;
        }
        catch (SqliteException e)
        {
            // Busy past the timeout, a broken reference, or an error vec0 reports only as "SQL logic error"
            // (it does so for a full disk too): this write is lost, the next one is tried.
            options.Logger.LogWarning("A {What} was not recorded: {Reason}", what, StorageFaults.Describe(e));
            return notRecorded;
        }
        finally
        {
            gate.Release();
            // Outside the gate, so a handler may call back into the store.
            if (degraded is not null)
            {
                HealthChanged?.Invoke(degraded);
            }
        }
    }

    private async Task<T> ReadAsync<T>(T unavailable, Func<SqliteConnection, T> read, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            return connection is { } db ? await Task.Run(() => read(db), cancellationToken) : unavailable;
        }
        finally
        {
            gate.Release();
        }
    }
}
