using System.Text;
using Microsoft.Data.Sqlite;

namespace CodeImprove.Memory.Storage;

/// <summary>The SELECT statements behind the episode list, the detail view, retrieval and export.</summary>
internal static class EpisodeReads
{
    private const string SummaryColumns =
        """
        e.id, e.created_ms, e.file, e.start_line, e.start_character, e.end_line, e.end_character, e.language,
        e.instruction, e.strategy, e.decision, e.score_delta, e.model_id,
        (SELECT count(*) FROM candidates c WHERE c.episode_id = e.id)
        """;

    public static EpisodePage Query(SqliteConnection connection, EpisodeQuery query)
    {
        var (where, parameters) = Filter(query);
        var total = connection.ExecuteScalar<int>($"SELECT count(*) FROM episodes e{where}", null, parameters);
        using var command = connection.Command(
            $"SELECT {SummaryColumns} FROM episodes e{where} ORDER BY e.id DESC LIMIT $limit OFFSET $offset",
            null,
            [.. parameters, ("$limit", query.Limit), ("$offset", query.Offset)]);
        using var reader = command.ExecuteReader();
        var items = new List<EpisodeSummary>();
        while (reader.Read())
        {
            items.Add(ReadSummary(reader));
        }
        return new EpisodePage(items, total, query.Offset, query.Limit);
    }

    public static EpisodeDetail? Get(SqliteConnection connection, long id)
    {
        using var command = connection.Command(
            """
            SELECT id, created_ms, workspace, file, start_line, start_character, end_line, end_character, language,
                instruction, strategy, original_code, final_code, decision, decision_reason, decided_ms, score_delta,
                score_breakdown, analysis_summary, model_id, stage_timings, prompt_tokens, completion_tokens, rollback_point_id
            FROM episodes WHERE id = $id
            """,
            null, ("$id", id));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }
        return new EpisodeDetail
        {
            Id = reader.GetInt64(0),
            Time = Time(reader.GetInt64(1)),
            Workspace = reader.GetString(2),
            File = reader.GetString(3),
            Span = new SourceSpan(reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7)),
            Language = reader.GetString(8),
            Instruction = reader.GetString(9),
            Strategy = reader.GetString(10),
            OriginalCode = reader.GetString(11),
            FinalCode = NullableString(reader, 12),
            Decision = EpisodeDecisionNames.FromStorage(reader.GetString(13)),
            DecisionReason = NullableString(reader, 14),
            DecidedAt = reader.IsDBNull(15) ? null : Time(reader.GetInt64(15)),
            ScoreDelta = reader.IsDBNull(16) ? null : reader.GetDouble(16),
            ScoreBreakdown = JsonColumns.ToNumbers(reader.GetString(17)),
            AnalysisSummary = JsonColumns.ToElement(NullableString(reader, 18)),
            ModelId = NullableString(reader, 19),
            StageTimings = JsonColumns.ToNumbers(reader.GetString(20)),
            PromptTokens = reader.GetInt32(21),
            CompletionTokens = reader.GetInt32(22),
            RollbackPointId = NullableString(reader, 23),
            Candidates = Candidates(connection, id),
            Reflections = Reflections(connection, id),
        };
    }

    /// <summary>The episodes behind similarity hits, in the hits' order.</summary>
    public static List<SimilarEpisode> Similar(SqliteConnection connection, List<(long Id, double Similarity)> hits)
    {
        if (hits.Count == 0)
        {
            return [];
        }
        var byId = new Dictionary<long, SimilarEpisode>();
        using var command = connection.Command(
            """
            SELECT id, file, instruction, strategy, decision, decision_reason, original_code, final_code
            FROM episodes WHERE id IN (SELECT value FROM json_each($ids))
            """,
            null, ("$ids", System.Text.Json.JsonSerializer.Serialize(hits.Select(hit => hit.Id))));
        using var reader = command.ExecuteReader();
        var similarity = hits.ToDictionary(hit => hit.Id, hit => hit.Similarity);
        while (reader.Read())
        {
            var id = reader.GetInt64(0);
            byId[id] = new SimilarEpisode(
                id, similarity[id], reader.GetString(1), reader.GetString(2), reader.GetString(3),
                EpisodeDecisionNames.FromStorage(reader.GetString(4)), NullableString(reader, 5), reader.GetString(6), NullableString(reader, 7));
        }
        return [.. hits.Where(hit => byId.ContainsKey(hit.Id)).Select(hit => byId[hit.Id])];
    }

    /// <summary>Accepted episodes with a final candidate, oldest first: (instruction, before, after).</summary>
    public static IEnumerable<(string Instruction, string Before, string After)> AcceptedPairs(SqliteConnection connection)
    {
        using var command = connection.Command(
            "SELECT instruction, original_code, final_code FROM episodes WHERE decision = 'accepted' AND final_code IS NOT NULL ORDER BY id",
            null);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return (reader.GetString(0), reader.GetString(1), reader.GetString(2));
        }
    }

    private static (string Where, (string, object?)[] Parameters) Filter(EpisodeQuery query)
    {
        var clauses = new List<string>();
        var parameters = new List<(string, object?)>();
        if (query.File is not null)
        {
            clauses.Add("e.file = $file");
            parameters.Add(("$file", query.File));
        }
        if (query.Decision is { } decision)
        {
            clauses.Add("e.decision = $decision");
            parameters.Add(("$decision", decision.ToStorage()));
        }
        if (query.Strategy is not null)
        {
            clauses.Add("e.strategy = $strategy");
            parameters.Add(("$strategy", query.Strategy));
        }
        if (!string.IsNullOrEmpty(query.Text))
        {
            clauses.Add(
                """
                (e.instruction LIKE $text ESCAPE '\' OR e.file LIKE $text ESCAPE '\'
                 OR e.original_code LIKE $text ESCAPE '\' OR e.final_code LIKE $text ESCAPE '\')
                """);
            parameters.Add(("$text", "%" + EscapeLike(query.Text) + "%"));
        }
        return (clauses.Count == 0 ? "" : " WHERE " + string.Join(" AND ", clauses), [.. parameters]);
    }

    private static string EscapeLike(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '%' or '_' or '\\')
            {
                escaped.Append('\\');
            }
            escaped.Append(c);
        }
        return escaped.ToString();
    }

    private static List<CandidateRecord> Candidates(SqliteConnection connection, long episodeId)
    {
        using var command = connection.Command(
            "SELECT id, cycle, code, fingerprint, score, analysis, diff, created_ms FROM candidates WHERE episode_id = $id ORDER BY cycle, id",
            null, ("$id", episodeId));
        using var reader = command.ExecuteReader();
        var candidates = new List<CandidateRecord>();
        while (reader.Read())
        {
            candidates.Add(new CandidateRecord(
                reader.GetInt64(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetDouble(4), JsonColumns.ToElement(NullableString(reader, 5)),
                NullableString(reader, 6), Time(reader.GetInt64(7))));
        }
        return candidates;
    }

    private static List<ReflectionRecord> Reflections(SqliteConnection connection, long episodeId)
    {
        using var command = connection.Command(
            "SELECT id, cycle, text, created_ms FROM reflections WHERE episode_id = $id ORDER BY cycle, id",
            null, ("$id", episodeId));
        using var reader = command.ExecuteReader();
        var reflections = new List<ReflectionRecord>();
        while (reader.Read())
        {
            reflections.Add(new ReflectionRecord(reader.GetInt64(0), reader.GetInt32(1), reader.GetString(2), Time(reader.GetInt64(3))));
        }
        return reflections;
    }

    private static EpisodeSummary ReadSummary(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        Time(reader.GetInt64(1)),
        reader.GetString(2),
        new SourceSpan(reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6)),
        reader.GetString(7),
        reader.GetString(8),
        reader.GetString(9),
        EpisodeDecisionNames.FromStorage(reader.GetString(10)),
        reader.IsDBNull(11) ? null : reader.GetDouble(11),
        NullableString(reader, 12),
        reader.GetInt32(13));

    internal static DateTimeOffset Time(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
