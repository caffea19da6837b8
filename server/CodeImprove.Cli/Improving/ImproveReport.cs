using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CodeImprove.Cli.Improving;

/// <summary>
/// One report for many targets: a line each and a summary (text), everything with each proposal and its analysis
/// (JSON), or SARIF 2.1.0 with each proposal as a result carrying its hunks as a fix, for code scanning in CI.
/// </summary>
internal static class ImproveReport
{
    // CI0001-CI0004 are the metric findings; a proposal is a result of its own kind.
    public const string RuleId = "CI0100";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Plain lines (no wrapping or colour), so that logs and scripts read them whole.</summary>
    public static void PrintText(string root, IReadOnlyList<TargetOutcome> outcomes, TimeSpan load)
    {
        foreach (var outcome in outcomes)
        {
            var where = $"{Path.GetRelativePath(root, outcome.Target.Path)}:{outcome.Target.Line} {outcome.Target.Name}";
            if (outcome.Error is { } error)
            {
                Console.WriteLine($"error      {where}: {error}");
            }
            else if (outcome.Result?.Proposal is { } proposal)
            {
                var applied = outcome.Applied is { } plan ? $", applied (rollback point {plan.RollbackPointId ?? "none"})" : "";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"proposal   {where}: {proposal.Explanation} (score {proposal.Score.Total:0.###}, {proposal.Hunks.Count} hunk(s){applied})"));
            }
            else
            {
                Console.WriteLine($"unchanged  {where}: {outcome.Result?.NoImprovementReasons.FirstOrDefault() ?? "no improvement found"}");
            }
        }
        var s = Summary.Of(outcomes, load);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{s.Targets} target(s): {s.Proposals} proposal(s), {s.Applied} applied, {s.Errors} error(s); workspace loaded in {s.LoadSeconds:0.0} s, {s.MedianSeconds:0.00} s median per target, {s.TotalSeconds:0.0} s in all"));
    }

    public static string ToJson(string root, IReadOnlyList<TargetOutcome> outcomes, TimeSpan load) => JsonSerializer.Serialize(new
    {
        root,
        targets = outcomes.Select(o => new
        {
            file = o.Target.Path,
            member = o.Target.Name,
            line = o.Target.Line,
            seconds = Math.Round(o.Seconds, 3),
            error = o.Error,
            improved = o.Result?.Improved ?? false,
            proposal = o.Result?.Proposal,
            reasons = o.Result?.NoImprovementReasons,
            notes = o.Result?.Notes,
            applied = o.Applied is null ? null : new { o.Applied.RollbackPointId, o.Applied.HunkIds },
        }),
        summary = Summary.Of(outcomes, load),
    }, Json);

    public static string ToSarif(string root, IReadOnlyList<TargetOutcome> outcomes)
    {
        var results = new JsonArray();
        foreach (var (outcome, proposal) in outcomes.Where(o => o.Result?.Proposal is not null).Select(o => (o, o.Result!.Proposal!)))
        {
            var artifact = new JsonObject { ["uri"] = Path.GetRelativePath(root, outcome.Target.Path).Replace('\\', '/'), ["uriBaseId"] = "SRCROOT" };
            var replacements = new JsonArray();
            foreach (var hunk in proposal.Hunks)
            {
                replacements.Add(new JsonObject { ["deletedRegion"] = Region(hunk.Range), ["insertedContent"] = new JsonObject { ["text"] = hunk.NewText } });
            }
            var analysis = proposal.Analysis;
            var message = $"{outcome.Target.Name}: {proposal.Explanation} (score {proposal.Score.Total.ToString("0.###", CultureInfo.InvariantCulture)}; " +
                $"{analysis.Removed.Count} diagnostic(s) removed, {analysis.Introduced.Count} introduced" +
                (analysis.BehaviourChanges.Count > 0 ? "; behaviour may change: " + string.Join("; ", analysis.BehaviourChanges.Select(c => c.Message)) : "") + ")";
            results.Add(new JsonObject
            {
                ["ruleId"] = RuleId,
                ["level"] = "note",
                ["message"] = new JsonObject { ["text"] = message },
                ["locations"] = new JsonArray(new JsonObject { ["physicalLocation"] = new JsonObject { ["artifactLocation"] = artifact.DeepClone(), ["region"] = Region(proposal.TargetRange) } }),
                ["fixes"] = new JsonArray(new JsonObject
                {
                    ["description"] = new JsonObject { ["text"] = proposal.Explanation },
                    ["artifactChanges"] = new JsonArray(new JsonObject { ["artifactLocation"] = artifact.DeepClone(), ["replacements"] = replacements }),
                }),
                ["properties"] = new JsonObject { ["strategy"] = proposal.Strategy, ["score"] = proposal.Score.Total, ["applied"] = outcome.Applied is not null },
            });
        }
        var sarif = new JsonObject
        {
            ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject
                {
                    ["driver"] = new JsonObject
                    {
                        ["name"] = "CodeImprove",
                        ["version"] = typeof(ImproveReport).Assembly.GetName().Version?.ToString(3),
                        ["rules"] = new JsonArray(new JsonObject
                        {
                            ["id"] = RuleId,
                            ["name"] = "CheckedImprovement",
                            ["shortDescription"] = new JsonObject { ["text"] = "A rewrite that compiles in every target framework and scores better than the original" },
                        }),
                    },
                },
                ["originalUriBaseIds"] = new JsonObject { ["SRCROOT"] = new JsonObject { ["uri"] = new Uri(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar).AbsoluteUri } },
                ["results"] = results,
            }),
        };
        return sarif.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>A SARIF region: 1-based lines and columns, the end column exclusive.</summary>
    private static JsonObject Region(Analysis.SourceRange range) => new()
    {
        ["startLine"] = range.Start.Line + 1,
        ["startColumn"] = range.Start.Character + 1,
        ["endLine"] = range.End.Line + 1,
        ["endColumn"] = range.End.Character + 1,
    };

    private sealed record Summary(int Targets, int Proposals, int Applied, int Errors, double LoadSeconds, double MedianSeconds, double TotalSeconds)
    {
        public static Summary Of(IReadOnlyList<TargetOutcome> outcomes, TimeSpan load)
        {
            var seconds = outcomes.Select(o => o.Seconds).Order().ToList();
            return new Summary(
                outcomes.Count,
                outcomes.Count(o => o.Result?.Proposal is not null),
                outcomes.Count(o => o.Applied is not null),
                outcomes.Count(o => o.Error is not null),
                Math.Round(load.TotalSeconds, 3),
                seconds.Count == 0 ? 0 : Math.Round(seconds[seconds.Count / 2], 3),
                Math.Round(load.TotalSeconds + seconds.Sum(), 3));
        }
    }
}
