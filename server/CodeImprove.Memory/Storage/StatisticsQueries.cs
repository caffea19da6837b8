using Microsoft.Data.Sqlite;

namespace CodeImprove.Memory.Storage;

/// <summary>Aggregates over all episodes, computed by SQLite from the stored rows.</summary>
internal static class StatisticsQueries
{
    private const string CountColumns =
        """
        count(*) FILTER (WHERE decision = 'accepted'), count(*) FILTER (WHERE decision = 'rejected'),
        count(*) FILTER (WHERE decision = 'cancelled'), count(*) FILTER (WHERE decision = 'failed'),
        count(*) FILTER (WHERE decision = 'pending')
        """;

    public static EpisodeStatistics Compute(SqliteConnection connection, TimeSpan bucketSize, int maxBuckets)
    {
        DecisionCounts overall = DecisionCounts.None;
        double? averageDelta = null;
        long promptTokens = 0, completionTokens = 0;
        using (var command = connection.Command(
            $"SELECT {CountColumns}, avg(score_delta), total(prompt_tokens), total(completion_tokens) FROM episodes", null))
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            overall = ReadCounts(reader, 0);
            averageDelta = reader.IsDBNull(5) ? null : reader.GetDouble(5);
            promptTokens = (long)reader.GetDouble(6);
            completionTokens = (long)reader.GetDouble(7);
        }
        return new EpisodeStatistics(
            overall, averageDelta, Strategies(connection), bucketSize, OverTime(connection, bucketSize, maxBuckets),
            StageLatencies(connection), promptTokens, completionTokens) { LearningCurve = LearningCurve(connection) };
    }

    private static List<LearningWindow> LearningCurve(SqliteConnection connection)
    {
        using var command = connection.Command(
            """
            SELECT (n - 1) / $size, count(*), total(decision = 'accepted') FROM (
                SELECT decision, row_number() OVER (ORDER BY id) AS n FROM episodes WHERE decision IN ('accepted', 'rejected'))
            GROUP BY (n - 1) / $size ORDER BY 1
            """, null, ("$size", LearningWindow.Size));
        using var reader = command.ExecuteReader();
        var curve = new List<LearningWindow>();
        while (reader.Read())
        {
            var from = reader.GetInt32(0) * LearningWindow.Size + 1;
            var count = reader.GetInt32(1);
            curve.Add(new LearningWindow(from, from + count - 1, reader.GetDouble(2) / count));
        }
        return curve;
    }

    private static List<StrategyStatistics> Strategies(SqliteConnection connection)
    {
        using var command = connection.Command(
            $"SELECT strategy, {CountColumns}, avg(score_delta) FROM episodes GROUP BY strategy ORDER BY strategy", null);
        using var reader = command.ExecuteReader();
        var strategies = new List<StrategyStatistics>();
        while (reader.Read())
        {
            strategies.Add(new StrategyStatistics(reader.GetString(0), ReadCounts(reader, 1), reader.IsDBNull(6) ? null : reader.GetDouble(6)));
        }
        return strategies;
    }

    /// <summary>The latest <paramref name="maxBuckets"/> non-empty buckets (aligned to the Unix epoch), oldest first.</summary>
    private static List<TimeBucketStatistics> OverTime(SqliteConnection connection, TimeSpan bucketSize, int maxBuckets)
    {
        using var command = connection.Command(
            $"""
            SELECT bucket, {CountColumns}, avg(latency) FROM (
                SELECT created_ms / $size * $size AS bucket, decision,
                       (SELECT sum(t.value) FROM json_each(stage_timings) t) AS latency
                FROM episodes)
            GROUP BY bucket ORDER BY bucket DESC LIMIT $max
            """,
            null, ("$size", (long)bucketSize.TotalMilliseconds), ("$max", maxBuckets));
        using var reader = command.ExecuteReader();
        var buckets = new List<TimeBucketStatistics>();
        while (reader.Read())
        {
            buckets.Add(new TimeBucketStatistics(EpisodeReads.Time(reader.GetInt64(0)), ReadCounts(reader, 1), reader.IsDBNull(6) ? null : reader.GetDouble(6)));
        }
        buckets.Reverse();
        return buckets;
    }

    private static List<StageLatency> StageLatencies(SqliteConnection connection)
    {
        using var command = connection.Command(
            """
            SELECT t.key, count(*), avg(t.value), max(t.value)
            FROM episodes e, json_each(e.stage_timings) t
            GROUP BY t.key ORDER BY t.key
            """,
            null);
        using var reader = command.ExecuteReader();
        var stages = new List<StageLatency>();
        while (reader.Read())
        {
            stages.Add(new StageLatency(reader.GetString(0), reader.GetInt32(1), reader.GetDouble(2), reader.GetDouble(3)));
        }
        return stages;
    }

    private static DecisionCounts ReadCounts(SqliteDataReader reader, int first) => new(
        reader.GetInt32(first), reader.GetInt32(first + 1), reader.GetInt32(first + 2), reader.GetInt32(first + 3), reader.GetInt32(first + 4));
}
