using Microsoft.Data.Sqlite;

namespace CodeImprove.Memory.Storage;

/// <summary>
/// The episode schema, migrated step by step with <c>PRAGMA user_version</c>. Append a migration to change it;
/// never edit one that has shipped. The vec0 table is not here: <see cref="VectorIndex"/> builds it to fit the embedder.
/// </summary>
internal static class Schema
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE episodes (
            id INTEGER PRIMARY KEY,
            created_ms INTEGER NOT NULL,
            workspace TEXT NOT NULL,
            file TEXT NOT NULL,
            start_line INTEGER NOT NULL,
            start_character INTEGER NOT NULL,
            end_line INTEGER NOT NULL,
            end_character INTEGER NOT NULL,
            language TEXT NOT NULL,
            instruction TEXT NOT NULL,
            strategy TEXT NOT NULL,
            original_code TEXT NOT NULL,
            final_code TEXT,
            decision TEXT NOT NULL CHECK (decision IN ('pending', 'accepted', 'rejected', 'cancelled', 'failed')),
            decision_reason TEXT,
            decided_ms INTEGER,
            score_delta REAL,
            score_breakdown TEXT NOT NULL CHECK (json_valid(score_breakdown)),
            analysis_summary TEXT CHECK (analysis_summary IS NULL OR json_valid(analysis_summary)),
            model_id TEXT,
            stage_timings TEXT NOT NULL CHECK (json_valid(stage_timings)),
            prompt_tokens INTEGER NOT NULL,
            completion_tokens INTEGER NOT NULL,
            rollback_point_id TEXT
        );
        CREATE INDEX episodes_by_file ON episodes (file, id);
        CREATE INDEX episodes_by_decision ON episodes (decision, id);
        CREATE INDEX episodes_by_strategy ON episodes (strategy, decision);
        CREATE INDEX episodes_by_time ON episodes (created_ms);

        CREATE TABLE candidates (
            id INTEGER PRIMARY KEY,
            episode_id INTEGER NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
            cycle INTEGER NOT NULL,
            code TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            score REAL,
            analysis TEXT CHECK (analysis IS NULL OR json_valid(analysis)),
            diff TEXT,
            created_ms INTEGER NOT NULL
        );
        CREATE INDEX candidates_by_episode ON candidates (episode_id, cycle);
        CREATE INDEX candidates_by_fingerprint ON candidates (fingerprint);

        CREATE TABLE reflections (
            id INTEGER PRIMARY KEY,
            episode_id INTEGER NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
            cycle INTEGER NOT NULL,
            text TEXT NOT NULL,
            created_ms INTEGER NOT NULL
        );
        CREATE INDEX reflections_by_episode ON reflections (episode_id, cycle);

        CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """,
        """
        CREATE TABLE fix_preferences (
            rule TEXT PRIMARY KEY,
            accepted INTEGER NOT NULL DEFAULT 0,
            rejected INTEGER NOT NULL DEFAULT 0,
            rejected_since_accept INTEGER NOT NULL DEFAULT 0,
            updated_ms INTEGER NOT NULL
        );
        """,
    ];

    public static int CurrentVersion => Migrations.Length;

    /// <summary>Brings the database up to <see cref="CurrentVersion"/>; returns the version it found.</summary>
    /// <exception cref="NewerSchemaException">The database was written by a newer build.</exception>
    public static int Migrate(SqliteConnection connection)
    {
        // The common case needs no write lock, so opening never waits for another process's writes.
        if (connection.ExecuteScalar<long>("PRAGMA user_version") == CurrentVersion)
        {
            return CurrentVersion;
        }
        // IMMEDIATE: a second process opening the same fresh database waits here, then finds it migrated.
        using var transaction = connection.BeginTransaction(deferred: false);
        var found = connection.ExecuteScalar<long>("PRAGMA user_version", transaction);
        if (found > CurrentVersion)
        {
            throw new NewerSchemaException((int)found, CurrentVersion);
        }
        for (var version = (int)found; version < CurrentVersion; version++)
        {
            connection.Execute(Migrations[version], transaction);
            connection.Execute($"PRAGMA user_version = {version + 1}", transaction);
        }
        transaction.Commit();
        return (int)found;
    }
}

internal sealed class NewerSchemaException(int found, int supported)
    : Exception($"the episode database has schema version {found}, newer than this build supports ({supported}); it is opened read-only");
