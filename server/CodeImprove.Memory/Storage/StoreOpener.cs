using CodeImprove.Memory.Embeddings;
using Microsoft.Data.Sqlite;

namespace CodeImprove.Memory.Storage;

/// <summary>What opening produced: a connection (null when none could be had), the health, and whether retrieval works.</summary>
internal sealed record OpenedStore(SqliteConnection? Connection, StoreHealth Health, bool SearchReady);

/// <summary>
/// Opens the episode database, recovering from faults instead of throwing them: a corrupt file is moved aside
/// and replaced; a database that cannot be written is opened read-only; one that cannot be opened at all leaves
/// the store unavailable. Each outcome says why in <see cref="StoreHealth"/>.
/// </summary>
internal static class StoreOpener
{
    public static async Task<OpenedStore> OpenAsync(string path, EpisodeStoreOptions options, VectorIndex index, CancellationToken cancellationToken)
    {
        try
        {
            StateFolder.EnsureFor(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return OpenReadOnly(path, options, index, $"cannot create the folder of {path}: {e.Message}", null);
        }

        string? recovery = null;
        while (true)
        {
            SqliteConnection? connection = null;
            try
            {
                if (recovery is null && new FileInfo(path) is { Exists: true, Length: 0 })
                {
                    // SQLite would silently make a fresh database of it; the user should learn their history is gone.
                    throw new CorruptDatabaseException("the file is empty (0 bytes)");
                }
                connection = Connect(path, readOnly: false, options);
                CheckIntegrity(connection);
                Schema.Migrate(connection);
                await index.EnsureCurrentAsync(connection, cancellationToken);
                return new OpenedStore(connection, new StoreHealth(StoreMode.ReadWrite, null, recovery), SearchReady: true);
            }
            catch (Exception e) when (recovery is null && IsCorruption(e))
            {
                connection?.Dispose();
                try
                {
                    var movedTo = CorruptDatabase.MoveAside(path, options.Clock.GetUtcNow());
                    recovery = $"the episode database {path} was unreadable ({e.Message.TrimEnd('.')}); it was moved to {movedTo} and a new one was created";
                }
                catch (Exception moveError) when (moveError is IOException or UnauthorizedAccessException)
                {
                    return Unavailable($"the episode database {path} is unreadable ({e.Message.TrimEnd('.')}) and could not be moved aside: {moveError.Message}", null);
                }
            }
            catch (SqliteException e)
            {
                connection?.Dispose();
                return OpenReadOnly(path, options, index, $"episodes are not being recorded: {StorageFaults.Describe(e)}", recovery);
            }
            catch (NewerSchemaException e)
            {
                connection?.Dispose();
                return OpenReadOnly(path, options, index, e.Message, recovery);
            }
            catch
            {
                connection?.Dispose();
                throw;
            }
        }
    }

    private static OpenedStore OpenReadOnly(string path, EpisodeStoreOptions options, VectorIndex index, string warning, string? recovery)
    {
        if (!File.Exists(path))
        {
            return Unavailable(warning, recovery);
        }
        SqliteConnection? connection = null;
        try
        {
            connection = ConnectReadOnly(path, options);
            var searchReady = connection.ExecuteScalar<long>("PRAGMA user_version") == Schema.CurrentVersion && index.IsCurrent(connection);
            return new OpenedStore(connection, new StoreHealth(StoreMode.ReadOnly, warning, recovery), searchReady);
        }
        catch (SqliteException e)
        {
            connection?.Dispose();
            return Unavailable($"{warning}; reading it failed too: {StorageFaults.Describe(e)}", recovery);
        }
    }

    private static OpenedStore Unavailable(string warning, string? recovery) =>
        new(null, new StoreHealth(StoreMode.Unavailable, warning, recovery), SearchReady: false);

    /// <summary>
    /// Reading a WAL database needs its -shm file; in a folder where that cannot be created, the file is opened
    /// as immutable, which is safe there because no process can write it either.
    /// </summary>
    private static SqliteConnection ConnectReadOnly(string path, EpisodeStoreOptions options)
    {
        var connection = Connect(path, readOnly: true, options);
        try
        {
            connection.ExecuteScalar<long>("SELECT count(*) FROM sqlite_master");
            return connection;
        }
        catch (SqliteException e) when (StorageFaults.StopsWriting(e) && !StorageFaults.IsCorruption(e))
        {
            connection.Dispose();
            return Connect(new Uri(path).AbsoluteUri + "?immutable=1", readOnly: true, options);
        }
    }

    private static SqliteConnection Connect(string dataSource, bool readOnly, EpisodeStoreOptions options)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = dataSource,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            // One long-lived connection per store: pooling would only keep the file open after Dispose.
            Pooling = false,
            ForeignKeys = true,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString());
        try
        {
            connection.Open();
            SqliteVecExtension.Load(connection);
            connection.Execute($"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}");
            if (!readOnly)
            {
                // WAL lets readers (the side panel, a second server) run beside the one writer.
                connection.ExecuteScalar<string>("PRAGMA journal_mode = WAL");
                connection.Execute("PRAGMA synchronous = NORMAL");
                if (options.MaxDatabaseBytes is { } maxBytes)
                {
                    var pageSize = connection.ExecuteScalar<long>("PRAGMA page_size");
                    connection.ExecuteScalar<long>($"PRAGMA max_page_count = {Math.Max(1, maxBytes / pageSize)}");
                }
            }
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Reads every page's structure once, so a damaged file is caught here rather than mid-loop.</summary>
    private static void CheckIntegrity(SqliteConnection connection)
    {
        var result = connection.ExecuteScalar<string>("PRAGMA quick_check(1)");
        if (result != "ok")
        {
            throw new CorruptDatabaseException(result ?? "no integrity result");
        }
    }

    private static bool IsCorruption(Exception e) =>
        e is CorruptDatabaseException || (e is SqliteException sqlite && StorageFaults.IsCorruption(sqlite));
}

internal sealed class CorruptDatabaseException(string detail) : Exception($"integrity check failed: {detail}");
