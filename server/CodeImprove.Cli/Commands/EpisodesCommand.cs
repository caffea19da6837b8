using CodeImprove.Engine.Configuration;
using CodeImprove.Engine.Sessions;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CodeImprove.Engine.Strategies;
using CodeImprove.Memory;

namespace CodeImprove.Cli.Commands;

/// <summary>`codeimprove episodes`: the workspace's recorded improve runs (newest first), one episode in full, or statistics.</summary>
internal static class EpisodesCommand
{
    private static readonly string[] DecisionNames = [.. Enum.GetNames<EpisodeDecision>().Select(name => name.ToLowerInvariant())];

    public static Command Create()
    {
        var workspace = HistoryCommand.WorkspaceOption();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var stats = new Option<bool>("--stats") { Description = "Print acceptance, score and latency statistics instead of the list." };
        var id = new Option<long?>("--id") { Description = "Print one episode in full, with its candidates and reflections." };
        var decision = new Option<string?>("--decision") { Description = "Only episodes with this decision." };
        decision.AcceptOnlyFromAmong(DecisionNames);
        var strategy = new Option<string?>("--strategy") { Description = "Only episodes of this strategy." };
        var file = new Option<string?>("--file") { Description = "Only episodes of this file (as recorded: workspace-relative)." };
        var text = new Option<string?>("--text") { Description = "Only episodes whose instruction, file or code contains this text." };
        var limit = new Option<int>("--limit") { Description = $"Episodes per page (1-{EpisodeQuery.MaxLimit}).", DefaultValueFactory = _ => 20 };
        var offset = new Option<int>("--offset") { Description = "Episodes to skip (for paging).", DefaultValueFactory = _ => 0 };
        var resetPreferences = new Option<bool>("--reset-preferences") { Description = "Forget the learned code-fix preferences (rejected fixes are proposed again)." };
        var command = new Command("episodes", "List the workspace's improve episodes, newest first.")
        {
            workspace, json, stats, id, decision, strategy, file, text, limit, offset, resetPreferences,
        };
        CliAction.Set(command, async (parse, cancellationToken) =>
        {
            // A workspace with no database yet reads as an empty one; listing does not create it.
            await using var store = await OpenExistingAsync(parse.GetValue(workspace)!, cancellationToken);
            if (parse.GetValue(resetPreferences))
            {
                var forgotten = store is null ? 0 : await store.ResetFixPreferencesAsync(cancellationToken)
                    ?? throw new CliException($"the episode memory is read-only, so its preferences cannot be reset: {store.Health.Warning}");
                Console.WriteLine($"forgot the learned preferences of {forgotten} code-fix rule(s)");
                return 0;
            }
            if (parse.GetValue(stats))
            {
                var statistics = store is null ? EpisodeStatistics.Empty(TimeSpan.FromDays(1)) : await store.GetStatisticsAsync(cancellationToken: cancellationToken);
                var beliefs = await StrategyPolicy.GeneralBeliefsAsync(store, cancellationToken);
                var preferences = store is null ? [] : await store.GetFixPreferencesAsync(cancellationToken);
                Print(parse.GetValue(json), new StatisticsReport(statistics, beliefs, preferences), WriteStatistics);
                return 0;
            }
            if (parse.GetValue(id) is { } episodeId)
            {
                var episode = (store is null ? null : await store.GetEpisodeAsync(episodeId, cancellationToken))
                    ?? throw new CliException($"no episode {episodeId} in this workspace.");
                Print(parse.GetValue(json), episode, WriteEpisode);
                return 0;
            }
            var query = new EpisodeQuery
            {
                Decision = parse.GetValue(decision) is { } name ? Enum.Parse<EpisodeDecision>(name, ignoreCase: true) : null,
                Strategy = parse.GetValue(strategy),
                File = parse.GetValue(file),
                Text = parse.GetValue(text),
                Limit = parse.GetValue(limit),
                Offset = parse.GetValue(offset),
            };
            if (query.Limit is < 1 or > EpisodeQuery.MaxLimit || query.Offset < 0)
            {
                throw new CliException($"--limit must be 1-{EpisodeQuery.MaxLimit} and --offset at least 0.");
            }
            var page = store is null ? new EpisodePage([], 0, query.Offset, query.Limit) : await store.QueryEpisodesAsync(query, cancellationToken);
            Print(parse.GetValue(json), page, WritePage);
            return 0;
        });
        return command;
    }

    /// <summary>Opens the workspace's episode database without creating one; null when none was recorded yet.</summary>
    internal static async Task<EpisodeStore?> OpenExistingAsync(string workspace, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(workspace))
        {
            throw new CliException($"workspace folder {workspace} does not exist.");
        }
        // The server's database: memory.databasePath from the workspace's configuration files, by the same rule.
        var (layers, problems) = OptionsLoader.LoadFileLayers(workspace);
        foreach (var problem in problems)
        {
            await Console.Error.WriteLineAsync("warning: " + problem);
        }
        var path = WorkspaceSession.DatabasePath(workspace, OptionsLoader.Bind(layers));
        if (!File.Exists(path))
        {
            return null;
        }
        var store = await EpisodeStore.OpenAsync(new EpisodeStoreOptions { DatabasePath = path }, cancellationToken);
        foreach (var message in new[] { store.Health.RecoveryMessage, store.Health.Warning }.OfType<string>())
        {
            Console.Error.WriteLine($"warning: {message}");
        }
        return store;
    }

    private static void Print<T>(bool asJson, T value, Action<T> writeText)
    {
        if (asJson)
        {
            Console.WriteLine(JsonSerializer.Serialize(value, HistoryCommand.Json));
        }
        else
        {
            writeText(value);
        }
    }

    private static void WritePage(EpisodePage page)
    {
        if (page.Total == 0)
        {
            Console.WriteLine("no matching episodes");
            return;
        }
        Console.WriteLine($"episodes {page.Offset + 1}-{page.Offset + page.Items.Count} of {page.Total}, newest first:");
        foreach (var e in page.Items)
        {
            Console.WriteLine($"  {e.Id,6}  {e.Time.ToLocalTime():yyyy-MM-dd HH:mm}  {Name(e.Decision),-9}  {e.Strategy,-14}  {Delta(e.ScoreDelta),7}  " +
                $"{e.File}:{e.Span.StartLine + 1}  {e.Instruction}");
        }
    }

    private static void WriteEpisode(EpisodeDetail e)
    {
        Console.WriteLine($"episode {e.Id}: {Name(e.Decision)}{(e.DecisionReason is null ? "" : $" ({e.DecisionReason})")}");
        Console.WriteLine($"  {e.File}:{e.Span.StartLine + 1}-{e.Span.EndLine + 1} ({e.Language}) at {e.Time.ToLocalTime():yyyy-MM-dd HH:mm:ss}");
        Console.WriteLine($"  instruction: {e.Instruction}");
        Console.WriteLine($"  strategy {e.Strategy}, model {e.ModelId ?? "-"}, score delta {Delta(e.ScoreDelta)}, tokens {e.PromptTokens} in / {e.CompletionTokens} out");
        if (e.StageTimings.Count > 0)
        {
            Console.WriteLine($"  stages: {string.Join(", ", e.StageTimings.Select(t => $"{t.Key} {t.Value:F0} ms"))}");
        }
        if (e.RollbackPointId is not null)
        {
            Console.WriteLine($"  rollback point {e.RollbackPointId}");
        }
        Console.WriteLine("--- original");
        Console.WriteLine(e.OriginalCode);
        foreach (var candidate in e.Candidates)
        {
            Console.WriteLine($"--- candidate, cycle {candidate.Cycle}, score {candidate.Score?.ToString("F2", CultureInfo.InvariantCulture) ?? "-"}, {candidate.Fingerprint}");
            Console.WriteLine(candidate.Diff ?? candidate.Code);
        }
        foreach (var reflection in e.Reflections)
        {
            Console.WriteLine($"--- reflection, cycle {reflection.Cycle}");
            Console.WriteLine(reflection.Text);
        }
        if (e.FinalCode is not null)
        {
            Console.WriteLine("--- final");
            Console.WriteLine(e.FinalCode);
        }
    }

    private sealed record StatisticsReport(EpisodeStatistics Statistics, IReadOnlyList<StrategyBelief> Beliefs, IReadOnlyList<FixPreference> LearnedPreferences);

    private static void WriteStatistics(StatisticsReport report)
    {
        var s = report.Statistics;
        Console.WriteLine($"{s.Overall.Total} episodes: {Counts(s.Overall)}");
        Console.WriteLine($"  acceptance {Rate(s.Overall.AcceptanceRate)} (accepted / judged), average score delta {Delta(s.AverageScoreDelta)}, " +
            $"tokens {s.PromptTokens:N0} in / {s.CompletionTokens:N0} out");
        if (s.Strategies.Count > 0)
        {
            Console.WriteLine("by strategy:");
            foreach (var strategy in s.Strategies)
            {
                Console.WriteLine($"  {strategy.Strategy,-16} acceptance {Rate(strategy.Counts.AcceptanceRate),6}  score delta {Delta(strategy.AverageScoreDelta),7}  {Counts(strategy.Counts)}");
            }
        }
        if (s.OverTime.Count > 0)
        {
            Console.WriteLine($"over time ({s.BucketSize.TotalDays:0.##}-day buckets):");
            foreach (var bucket in s.OverTime)
            {
                Console.WriteLine($"  {bucket.Start:yyyy-MM-dd HH:mm}  acceptance {Rate(bucket.Counts.AcceptanceRate),6}  " +
                    $"latency {(bucket.AverageLatencyMs is { } ms ? $"{ms,8:F0} ms" : "       -"),-11}  {Counts(bucket.Counts)}");
            }
        }
        if (s.StageLatencies.Count > 0)
        {
            Console.WriteLine("latency per stage:");
            foreach (var stage in s.StageLatencies)
            {
                Console.WriteLine($"  {stage.Stage,-16} average {stage.AverageMs,9:F1} ms  max {stage.MaxMs,9:F1} ms  ({stage.Count} episodes)");
            }
        }
        Console.WriteLine("strategy policy (Thompson sampling; Beta belief of acceptance, for code in general):");
        foreach (var belief in report.Beliefs.OrderByDescending(b => b.Mean))
        {
            Console.WriteLine($"  {belief.Strategy,-22} Beta({belief.Alpha:0.##}, {belief.Beta:0.##})  mean {belief.Mean:P0}  ({belief.Accepted} accepted, {belief.Rejected} rejected)");
        }
        if (report.LearnedPreferences.Count > 0)
        {
            Console.WriteLine("learned preferences (code fixes, per hunk decided; --reset-preferences forgets them):");
            foreach (var preference in report.LearnedPreferences)
            {
                Console.WriteLine($"  {preference.Rule,-12} {preference.Accepted} accepted, {preference.Rejected} rejected" +
                    (preference.Suppressed ? $"  not proposed: rejected {preference.RejectedSinceAccept} times in a row" : ""));
            }
        }
    }

    private static string Name(EpisodeDecision decision) => decision.ToString().ToLowerInvariant();

    private static string Counts(DecisionCounts c) =>
        $"{c.Accepted} accepted, {c.Rejected} rejected, {c.Cancelled} cancelled, {c.Failed} failed, {c.Pending} pending";

    private static string Rate(double? rate) => rate?.ToString("P0", CultureInfo.InvariantCulture) ?? "-";

    private static string Delta(double? delta) => delta?.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) ?? "-";
}
