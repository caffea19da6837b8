using Microsoft.Data.Sqlite;

namespace CodeImprove.Memory.Storage;

/// <summary>The INSERT and UPDATE statements; each runs inside the caller's transaction.</summary>
internal static class EpisodeWrites
{
    public static long InsertEpisode(SqliteConnection connection, SqliteTransaction transaction, EpisodeDraft draft, DateTimeOffset now) =>
        connection.ExecuteScalar<long>(
            """
            INSERT INTO episodes (created_ms, workspace, file, start_line, start_character, end_line, end_character,
                language, instruction, strategy, original_code, final_code, decision, decided_ms, score_delta,
                score_breakdown, analysis_summary, model_id, stage_timings, prompt_tokens, completion_tokens, rollback_point_id)
            VALUES ($created, $workspace, $file, $startLine, $startCharacter, $endLine, $endCharacter,
                $language, $instruction, $strategy, $original, $final, $decision, $decided, $scoreDelta,
                $scoreBreakdown, $analysis, $model, $timings, $promptTokens, $completionTokens, $rollback)
            RETURNING id
            """,
            transaction,
            ("$created", now.ToUnixTimeMilliseconds()),
            ("$workspace", draft.Workspace),
            ("$file", draft.File),
            ("$startLine", draft.Span.StartLine),
            ("$startCharacter", draft.Span.StartCharacter),
            ("$endLine", draft.Span.EndLine),
            ("$endCharacter", draft.Span.EndCharacter),
            ("$language", draft.Language),
            ("$instruction", draft.Instruction),
            ("$strategy", draft.Strategy),
            ("$original", draft.OriginalCode),
            ("$final", draft.FinalCode),
            ("$decision", draft.Decision.ToStorage()),
            ("$decided", draft.Decision == EpisodeDecision.Pending ? null : now.ToUnixTimeMilliseconds()),
            ("$scoreDelta", draft.ScoreDelta),
            ("$scoreBreakdown", JsonColumns.FromNumbers(draft.ScoreBreakdown)),
            ("$analysis", JsonColumns.FromElement(draft.AnalysisSummary)),
            ("$model", draft.ModelId),
            ("$timings", JsonColumns.FromNumbers(draft.StageTimings)),
            ("$promptTokens", draft.PromptTokens),
            ("$completionTokens", draft.CompletionTokens),
            ("$rollback", draft.RollbackPointId));

    public static long InsertCandidate(SqliteConnection connection, SqliteTransaction transaction, long episodeId, CandidateDraft candidate, DateTimeOffset now) =>
        connection.ExecuteScalar<long>(
            """
            INSERT INTO candidates (episode_id, cycle, code, fingerprint, score, analysis, diff, created_ms)
            VALUES ($episode, $cycle, $code, $fingerprint, $score, $analysis, $diff, $created)
            RETURNING id
            """,
            transaction,
            ("$episode", episodeId),
            ("$cycle", candidate.Cycle),
            ("$code", candidate.Code),
            ("$fingerprint", candidate.Fingerprint),
            ("$score", candidate.Score),
            ("$analysis", JsonColumns.FromElement(candidate.Analysis)),
            ("$diff", candidate.Diff),
            ("$created", now.ToUnixTimeMilliseconds()));

    public static long InsertReflection(SqliteConnection connection, SqliteTransaction transaction, long episodeId, int cycle, string text, DateTimeOffset now) =>
        connection.ExecuteScalar<long>(
            "INSERT INTO reflections (episode_id, cycle, text, created_ms) VALUES ($episode, $cycle, $text, $created) RETURNING id",
            transaction,
            ("$episode", episodeId), ("$cycle", cycle), ("$text", text), ("$created", now.ToUnixTimeMilliseconds()));

    /// <returns>False when no episode has that id.</returns>
    public static bool UpdateDecision(
        SqliteConnection connection, SqliteTransaction transaction, long episodeId, EpisodeDecision decision, DecisionUpdate update, DateTimeOffset now) =>
        connection.Execute(
            """
            UPDATE episodes SET decision = $decision, decided_ms = $decided, decision_reason = $reason,
                final_code = coalesce($final, final_code), rollback_point_id = coalesce($rollback, rollback_point_id)
            WHERE id = $id
            """,
            transaction,
            ("$id", episodeId),
            ("$decision", decision.ToStorage()),
            ("$decided", now.ToUnixTimeMilliseconds()),
            ("$reason", update.Reason),
            ("$final", update.FinalCode),
            ("$rollback", update.RollbackPointId)) == 1;
}

internal sealed record DecisionUpdate(string? Reason, string? RollbackPointId, string? FinalCode);
