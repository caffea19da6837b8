using Microsoft.Data.Sqlite;

namespace CodeImprove.Memory.Storage;

/// <summary>The fix_preferences table: one row per rule, counting the user's decisions on hunks that fixed it.</summary>
internal static class FixPreferenceQueries
{
    public static void Record(SqliteConnection connection, SqliteTransaction transaction, string rule, bool accepted, DateTimeOffset now) =>
        connection.Execute(
            """
            INSERT INTO fix_preferences (rule, accepted, rejected, rejected_since_accept, updated_ms)
            VALUES ($rule, $accepted, 1 - $accepted, 1 - $accepted, $now)
            ON CONFLICT (rule) DO UPDATE SET
                accepted = accepted + $accepted,
                rejected = rejected + 1 - $accepted,
                rejected_since_accept = CASE WHEN $accepted = 1 THEN 0 ELSE rejected_since_accept + 1 END,
                updated_ms = $now
            """,
            transaction, ("$rule", rule), ("$accepted", accepted ? 1 : 0), ("$now", now.ToUnixTimeMilliseconds()));

    public static IReadOnlyList<FixPreference> All(SqliteConnection connection)
    {
        using var command = connection.Command("SELECT rule, accepted, rejected, rejected_since_accept FROM fix_preferences ORDER BY rule", null);
        using var reader = command.ExecuteReader();
        var preferences = new List<FixPreference>();
        while (reader.Read())
        {
            preferences.Add(new FixPreference(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3)));
        }
        return preferences;
    }

    public static int Reset(SqliteConnection connection, SqliteTransaction transaction) =>
        connection.Execute("DELETE FROM fix_preferences", transaction);
}
