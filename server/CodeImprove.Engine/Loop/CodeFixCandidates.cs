using CodeImprove.Analysis;
using CodeImprove.Analysis.CodeActions;
using CodeImprove.Engine.Scoring;
using CodeImprove.Engine.Strategies;
using CodeImprove.Engine.Text;
using CodeImprove.Memory;

namespace CodeImprove.Engine.Loop;

/// <summary>
/// The no-model default: the code fixes offered inside the target for the project's analyzers and the analysis room's
/// improvement rules (built-in code-style, .NET and Roslynator analyzers, so a project with no analyzer package gets them
/// too), each applied alone, then every helpful one together, then chained: on the best candidate so far the fixes are
/// asked for again (one fix often makes the next possible) and the best next step is taken, within a few steps. Each is
/// checked and scored like a model candidate, against the original. Only fixes known to keep behaviour are applied
/// (<see cref="FixVetting"/>): excluded rules are skipped with their reason, and a fix whose output shows a changed
/// overload or evaluation order is refused. Deterministic: the same code and analyzers give the same candidates. A fix
/// whose provider throws (third-party code) is noted and skipped; the others still count. The user's decisions teach it
/// (<see cref="FixPreference"/>): rules they accept are tried first and score a little higher, rules they reject score
/// lower, and a rule rejected <see cref="FixPreference.SuppressAfter"/> times with no accept is no longer applied.
/// </summary>
internal sealed class CodeFixCandidates(AnalysisSnapshot analysis)
{
    private const int MaxFixes = 24;
    private const int MaxChainSteps = 3;

    /// <summary>A fix as edits of the target's code (offsets from its start), with the rule it fixes.</summary>
    private sealed record Fix(string Title, FixRule Rule, IReadOnlyList<(int Start, int End, string NewText)> Edits);

    public async Task RunAsync(ImproveRun run, CancellationToken cancellationToken)
    {
        const int cycle = 1;
        run.StrategiesUsed.Add(StrategyCatalog.CodeFixes);
        run.Report(LoopStage.Generating, cycle, "Collecting the code fixes offered for the target");
        var target = run.Target;
        var fixes = await run.Clock.TimeAsync("generate", () => CollectAsync(analysis, run, run.Request.Text, cancellationToken));
        if (fixes.Count == 0)
        {
            run.Notes.Add("no code fix is offered inside the target (neither the project's analyzers nor the improvement rules report anything fixable there)");
            return;
        }
        Task<CheckedCandidate?> EvaluateAsync(string code, string title, IReadOnlyList<FixRule> rules) =>
            run.EvaluateAsync(cycle, StrategyCatalog.CodeFixes, code, title, cancellationToken,
                report => FixVetting.Refusal([.. rules.Select(r => r.Id)], report.BehaviourChanges), rules);

        var helpful = new List<Fix>();
        foreach (var fix in fixes)
        {
            if ((await EvaluateAsync(Apply(target.Code, fix.Edits), fix.Title, [fix.Rule]))?.Score is { Total: > 0 })
            {
                helpful.Add(fix);
            }
        }
        // Every helpful fix at once, when their edits do not overlap: usually better than the best one alone.
        var combined = helpful.SelectMany(f => f.Edits).OrderBy(e => e.Start).ToList();
        if (helpful.Count > 1 && combined.Zip(combined.Skip(1)).All(p => p.First.End <= p.Second.Start))
        {
            await EvaluateAsync(Apply(target.Code, combined), string.Join("; ", helpful.Select(f => f.Title)), [.. helpful.Select(f => f.Rule)]);
        }

        for (var (best, step) = (run.Best(), 0); best is not null && step < MaxChainSteps; step++)
        {
            run.Report(LoopStage.Generating, cycle, $"Looking for fixes the best candidate makes possible (step {step + 1})");
            var text = run.Request.Text[..target.Start] + best.Code + run.Request.Text[target.End..];
            var on = analysis.WithDocumentText(run.Request.DocumentPath, text, run.Request.Version);
            var next = await run.Clock.TimeAsync("generate", () => CollectAsync(on, run, text, cancellationToken, best.Code.Length));
            CheckedCandidate? better = null;
            foreach (var fix in next)
            {
                var candidate = await EvaluateAsync(Apply(best.Code, fix.Edits), best.Explanation + "; " + fix.Title, [.. best.Rules, fix.Rule]);
                if (candidate?.Score is { } score && score.Total > best.Score!.Total && (better is null || score.Total > better.Score!.Total))
                {
                    better = candidate;
                }
            }
            best = better;
        }
    }

    /// <summary>
    /// The vetted fixes offered inside the target of <paramref name="text"/> (the request's text, or a chained candidate's;
    /// the target starts where the request's does and is <paramref name="targetLength"/> long, by default the request's).
    /// </summary>
    private static async Task<List<Fix>> CollectAsync(AnalysisSnapshot snapshot, ImproveRun run, string text, CancellationToken cancellationToken, int? targetLength = null)
    {
        var positions = new TextPositions(text);
        var start = run.Target.Start;
        var end = start + (targetLength ?? run.Target.Code.Length);
        var range = positions.Range(start, end);
        var fixes = new List<Fix>();
        var offered = (await snapshot.GetImprovementFixesAsync(run.Request.DocumentPath, range, cancellationToken))
            .DistinctBy(s => (s.Title, s.Reference.EquivalenceKey, s.Diagnostic.Range))
            .OrderByDescending(s => CandidateScorer.Preference([s.Diagnostic.Id], run.FixPreferences)); // stable: the analyzers' order otherwise
        foreach (var suggestion in offered.Take(MaxFixes))
        {
            var id = suggestion.Diagnostic.Id;
            var skipped = FixVetting.Excluded.TryGetValue(id, out var reason) ? $"{id} is not applied without a model: {reason}"
                : run.FixPreferences.TryGetValue(id, out var preference) && preference.Suppressed
                    ? $"{id} is no longer proposed: you rejected it {preference.RejectedSinceAccept} times without accepting it (the command 'CodeImprove: Reset Learned Preferences' or `codeimprove episodes --reset-preferences` forgets this)"
                : null;
            if (skipped is not null)
            {
                if (!run.Notes.Contains(skipped))
                {
                    run.Notes.Add(skipped);
                }
                continue;
            }
            WorkspaceEditResult? result;
            try
            {
                result = await snapshot.ResolveCodeFixAsync(suggestion.Reference, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Third-party providers fail (bugs, a package built for another Roslyn); the analysis logged it, the other fixes still count.
                run.Notes.Add(e is AnalysisException ? e.Message : $"the fix '{suggestion.Title}' ({suggestion.Diagnostic.Id}) failed: {e.Message}");
                continue;
            }
            if (result is not null && InsideTarget(result, run.Request.DocumentPath, positions, start, end) is { } inside)
            {
                fixes.Add(new Fix($"{id}: {suggestion.Title}", new FixRule(id, suggestion.Diagnostic.Range.Start.Line), inside));
            }
        }
        return fixes;
    }

    /// <summary>The fix's edits as offsets from the target's start, or null when it touches anything outside the target.</summary>
    private static IReadOnlyList<(int Start, int End, string NewText)>? InsideTarget(WorkspaceEditResult result, string documentPath, TextPositions positions, int start, int end)
    {
        if (result.Created.Count > 0 || result.Deleted.Count > 0 || result.Changes.Count != 1
            || !string.Equals(Path.GetFullPath(result.Changes[0].FilePath), Path.GetFullPath(documentPath), StringComparison.Ordinal))
        {
            return null;
        }
        var edits = result.Changes[0].Edits.Select(e => (Start: positions.Offset(e.Range.Start), End: positions.Offset(e.Range.End), e.NewText)).ToList();
        return edits.All(e => e.Start >= start && e.End <= end) ? [.. edits.Select(e => (e.Start - start, e.End - start, e.NewText))] : null;
    }

    private static string Apply(string code, IEnumerable<(int Start, int End, string NewText)> edits)
    {
        foreach (var (start, end, newText) in edits.OrderByDescending(e => e.Start))
        {
            code = code[..start] + newText + code[end..];
        }
        return code;
    }
}
