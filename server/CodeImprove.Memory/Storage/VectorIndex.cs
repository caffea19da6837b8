using System.Runtime.InteropServices;
using CodeImprove.Memory.Embeddings;
using Microsoft.Data.Sqlite;

namespace CodeImprove.Memory.Storage;

/// <summary>
/// The vec0 table of episode embeddings, keyed by episode id, with the decision as partition key; the source of truth
/// for retrieval. Searching scans an in-memory copy of every embedding as bytes (<see cref="QuantizedMatrix"/>, loaded
/// on the first search and topped up with rows other processes added) and re-ranks its shortlist by the exact cosine of
/// the stored floats: at 100,000 episodes that finds the true top ten (`bench memory` measures recall against an exact
/// scan). Embeddings are derived data: when the embedder or this layout changes, the table is rebuilt from the episodes' code.
/// </summary>
internal sealed class VectorIndex(IEmbedder embedder)
{
    private const string EmbedderKey = "embedder";
    private const string Layout = "+exact-int8-v2";
    private const int RebuildBatch = 500;

    // Byte-scan neighbours re-ranked exactly per wanted result: quantization moves a similarity by well under 1%.
    private const int ShortlistFactor = 4;
    private const int MinShortlist = 40;

    private QuantizedMatrix? matrix;

    private string Version => embedder.Id + Layout;

    public bool IsCurrent(SqliteConnection connection, SqliteTransaction? transaction = null) =>
        connection.ExecuteScalar<string>("SELECT value FROM store_meta WHERE key = $key", transaction, ("$key", EmbedderKey)) == Version
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
            $"CREATE VIRTUAL TABLE episode_vectors USING vec0(episode_id INTEGER PRIMARY KEY, decision TEXT PARTITION KEY, embedding float[{embedder.Dimension}], chunk_size=64)",
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
        connection.Execute("INSERT OR REPLACE INTO store_meta (key, value) VALUES ($key, $value)", transaction, ("$key", EmbedderKey), ("$value", Version));
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
            matrix?.SetDecision(episodeId, decision);
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
            "INSERT INTO episode_vectors (episode_id, decision, embedding) VALUES ($id, $decision, $embedding)",
            transaction,
            ("$id", episodeId), ("$decision", decision.ToStorage()), ("$embedding", ToBlob(embedding)));
        matrix?.Add(episodeId, embedding, decision);
    }

    /// <summary>The ids of the <paramref name="k"/> nearest episodes with their cosine similarity, best first.</summary>
    public List<(long Id, double Similarity)> Search(SqliteConnection connection, float[] query, int k, EpisodeDecision? decision, long? excludeId)
    {
        CheckDimension(query);
        var rows = Loaded(connection);
        var shortlist = rows.Shortlist(query, Math.Max(k * ShortlistFactor, MinShortlist), decision, excludeId);
        using var read = connection.Command("SELECT embedding FROM episode_vectors WHERE episode_id = $id", null, ("$id", 0L));
        var results = new List<(long Id, double Similarity)>(shortlist.Count);
        foreach (var id in shortlist)
        {
            read.Parameters["$id"].Value = id;
            if (read.ExecuteScalar() is byte[] blob)
            {
                results.Add((id, Cosine(query, MemoryMarshal.Cast<byte, float>(blob))));
            }
        }
        return [.. results.OrderByDescending(r => r.Similarity).ThenByDescending(r => r.Id).Take(k)];
    }

    /// <summary>The in-memory rows: all of them on first use, then whatever another process added since.</summary>
    private QuantizedMatrix Loaded(SqliteConnection connection)
    {
        if (matrix is null)
        {
            var all = new QuantizedMatrix(embedder.Dimension);
            Load(connection, "SELECT episode_id, decision, embedding FROM episode_vectors", all);
            matrix = all;
        }
        else if (connection.ExecuteScalar<long?>("SELECT max(id) FROM episodes") is { } newest && newest > matrix.MaxId)
        {
            using var ids = connection.Command("SELECT id FROM episodes WHERE id > $after ORDER BY id", null, ("$after", matrix.MaxId));
            var added = new List<long>();
            using (var reader = ids.ExecuteReader())
            {
                while (reader.Read())
                {
                    added.Add(reader.GetInt64(0));
                }
            }
            foreach (var id in added)
            {
                Load(connection, $"SELECT episode_id, decision, embedding FROM episode_vectors WHERE episode_id = {id}", matrix);
            }
        }
        return matrix;
    }

    private void Load(SqliteConnection connection, string sql, QuantizedMatrix into)
    {
        using var command = connection.Command(sql, null);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var blob = (byte[])reader.GetValue(2);
            into.Add(reader.GetInt64(0), MemoryMarshal.Cast<byte, float>(blob), EpisodeDecisionNames.FromStorage(reader.GetString(1)));
        }
    }

    private static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var norms = Math.Sqrt(VectorMath.Dot(a, a)) * Math.Sqrt(VectorMath.Dot(b, b));
        return norms == 0 ? 0 : VectorMath.Dot(a, b) / norms;
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
