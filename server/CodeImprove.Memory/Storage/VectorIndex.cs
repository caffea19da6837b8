using System.Runtime.InteropServices;
using CodeImprove.Memory.Embeddings;
using Microsoft.Data.Sqlite;

namespace CodeImprove.Memory.Storage;

/// <summary>
/// The vec0 table of episode embeddings, keyed by episode id. Each row holds a 384-bit SimHash sketch that vec0
/// scans by Hamming distance, the decision as partition key (so "accepted only" scans only accepted rows), and
/// the full embedding as an auxiliary column used to re-rank the shortlist by exact cosine similarity.
/// Embeddings are derived data: when the embedder changes, the table is rebuilt from the episodes' code.
/// </summary>
internal sealed class VectorIndex(IEmbedder embedder)
{
    private const string EmbedderKey = "embedder";
    private const int RebuildBatch = 500;

    // Sketch neighbours re-ranked exactly per wanted result. vec0's scan slows with k (at 100,000 rows, doubling
    // the shortlist doubled the query time for little recall), so it stays small; `bench memory` reports both.
    private const int ShortlistFactor = 4;
    private const int MinShortlist = 20;

    private readonly BinarySketch sketch = new(embedder.Dimension);

    public bool IsCurrent(SqliteConnection connection, SqliteTransaction? transaction = null) =>
        connection.ExecuteScalar<string>("SELECT value FROM store_meta WHERE key = $key", transaction, ("$key", EmbedderKey)) == embedder.Id
        && connection.ExecuteScalar<long>("SELECT count(*) FROM sqlite_master WHERE name = 'episode_vectors'", transaction) == 1;

    /// <summary>
    /// Builds the table for the current embedder if it was built for another (or never), embedding every episode's
    /// original code. One transaction holds the write lock throughout, so a second process opening the database
    /// meanwhile waits and then finds the index current.
    /// </summary>
    public async Task EnsureCurrentAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        if (IsCurrent(connection))
        {
            return;
        }
        using var transaction = connection.BeginTransaction(deferred: false);
        if (IsCurrent(connection, transaction))
        {
            transaction.Commit();
            return;
        }
        connection.Execute("DROP TABLE IF EXISTS episode_vectors", transaction);
        connection.Execute(
            $"CREATE VIRTUAL TABLE episode_vectors USING vec0(episode_id INTEGER PRIMARY KEY, decision TEXT PARTITION KEY, sketch bit[{BinarySketch.Bits}], +embedding BLOB)",
            transaction);
        for (long after = 0; ;)
        {
            var batch = new List<(long Id, string Code, EpisodeDecision Decision)>();
            using (var command = connection.Command(
                "SELECT id, original_code, decision FROM episodes WHERE id > $after ORDER BY id LIMIT $batch",
                transaction, ("$after", after), ("$batch", RebuildBatch)))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    batch.Add((reader.GetInt64(0), reader.GetString(1), EpisodeDecisionNames.FromStorage(reader.GetString(2))));
                }
            }
            if (batch.Count == 0)
            {
                break;
            }
            foreach (var (id, code, decision) in batch)
            {
                Insert(connection, transaction, id, await embedder.EmbedAsync(code, cancellationToken), decision);
            }
            after = batch[^1].Id;
        }
        connection.Execute("INSERT OR REPLACE INTO store_meta (key, value) VALUES ($key, $value)", transaction, ("$key", EmbedderKey), ("$value", embedder.Id));
        transaction.Commit();
    }

    /// <summary>Adds the episode's row; false (and nothing written) when vec0 failed, see <see cref="Guarded"/>.</summary>
    public bool TryInsert(SqliteConnection connection, SqliteTransaction transaction, long episodeId, float[] embedding, EpisodeDecision decision) =>
        Guarded(connection, transaction, () => Insert(connection, transaction, episodeId, embedding, decision));

    /// <summary>
    /// Moves the episode's row to the decision's partition (vec0 cannot update a partition key in place);
    /// false when vec0 failed and the row stayed where it was.
    /// </summary>
    public bool TryMove(SqliteConnection connection, SqliteTransaction transaction, long episodeId, EpisodeDecision decision) =>
        Guarded(connection, transaction, () =>
        {
            var blob = connection.ExecuteScalar<byte[]>("SELECT embedding FROM episode_vectors WHERE episode_id = $id", transaction, ("$id", episodeId));
            if (blob is not null)
            {
                connection.Execute("DELETE FROM episode_vectors WHERE episode_id = $id", transaction, ("$id", episodeId));
                Insert(connection, transaction, episodeId, MemoryMarshal.Cast<byte, float>(blob).ToArray(), decision);
            }
        });

    /// <summary>
    /// vec0 reports its failures, a full disk included, only as "SQL logic error". The index is derived data, so
    /// its part of a write is undone alone (a savepoint) and the episode row itself is still recorded; unless
    /// SQLite already rolled back the whole transaction, which it does only for a full disk or an I/O error.
    /// </summary>
    private static bool Guarded(SqliteConnection connection, SqliteTransaction transaction, Action write)
    {
        transaction.Save("vector");
        try
        {
            write();
            transaction.Release("vector");
            return true;
        }
        catch (SqliteException e)
        {
            if (SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) != 0)
            {
                throw new WriteAbortedException(e);
            }
            transaction.Rollback("vector");
            return false;
        }
    }

    private void Insert(SqliteConnection connection, SqliteTransaction transaction, long episodeId, float[] embedding, EpisodeDecision decision)
    {
        CheckDimension(embedding);
        connection.Execute(
            "INSERT INTO episode_vectors (episode_id, sketch, decision, embedding) VALUES ($id, vec_bit($sketch), $decision, $embedding)",
            transaction,
            ("$id", episodeId), ("$sketch", sketch.Compute(embedding)), ("$decision", decision.ToStorage()), ("$embedding", ToBlob(embedding)));
    }

    /// <summary>The ids of the <paramref name="k"/> nearest episodes with their cosine similarity, best first.</summary>
    public List<(long Id, double Similarity)> Search(SqliteConnection connection, float[] query, int k, EpisodeDecision? decision, long? excludeId)
    {
        CheckDimension(query);
        var filters = (decision is null ? "" : " AND decision = $decision") + (excludeId is null ? "" : " AND episode_id != $exclude");
        using var command = connection.Command(
            $"""
            SELECT episode_id, 1.0 - coalesce(vec_distance_cosine(embedding, $query), 1.0) AS similarity
            FROM (SELECT episode_id, embedding FROM episode_vectors
                  WHERE sketch MATCH vec_bit($sketch) AND k = $shortlist{filters})
            ORDER BY similarity DESC, episode_id DESC
            LIMIT $k
            """,
            null,
            ("$query", ToBlob(query)),
            ("$sketch", sketch.Compute(query)),
            ("$shortlist", Math.Max(k * ShortlistFactor, MinShortlist)),
            ("$decision", decision?.ToStorage()),
            ("$exclude", excludeId),
            ("$k", k));
        using var reader = command.ExecuteReader();
        var results = new List<(long, double)>();
        while (reader.Read())
        {
            results.Add((reader.GetInt64(0), reader.GetDouble(1)));
        }
        return results;
    }

    private void CheckDimension(float[] vector)
    {
        if (vector.Length != embedder.Dimension)
        {
            throw new ArgumentException($"embedding has {vector.Length} values; the store's embedder '{embedder.Id}' makes {embedder.Dimension}");
        }
    }

    private static byte[] ToBlob(float[] vector) => MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();
}

/// <summary>SQLite rolled a write back on its own: the disk (or the size cap) is full, or the disk is failing.</summary>
internal sealed class WriteAbortedException(SqliteException inner)
    : Exception($"the disk (or the configured size cap) is full or failing ({inner.Message.TrimEnd('.')})", inner);
