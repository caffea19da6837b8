using CodeImprove.Analysis;
using CodeImprove.Analysis.CodeActions;
using CodeImprove.Engine.Strategies;
using CodeImprove.Engine.Text;

namespace CodeImprove.Engine.Loop;

/// <summary>
/// The no-model default: the code fixes offered inside the target for the project's analyzers and the analysis room's
/// improvement rules (built-in code-style and .NET analyzers, so a project with no analyzer package gets them too),
/// each applied alone and then every helpful one together, checked and scored like model candidates. Only fixes known
/// to keep behaviour are applied (<see cref="FixVetting"/>): excluded rules are skipped with their reason, and a fix whose
/// output shows a changed overload or evaluation order is refused.
/// Deterministic: the same code and analyzers give the same candidates. A fix whose provider throws (third-party code)
/// is noted and skipped; the others still count.
/// </summary>
internal sealed class CodeFixCandidates(AnalysisSnapshot analysis)
{
    private const int MaxFixes = 24;

    public async Task RunAsync(ImproveRun run, CancellationToken cancellationToken)
    {
        const int cycle = 1;
        run.StrategiesUsed.Add(StrategyCatalog.CodeFixes);
        run.Report(LoopStage.Generating, cycle, "Collecting the code fixes offered for the target");
        var target = run.Target;
        var fixes = await run.Clock.TimeAsync("generate", async () =>
        {
            var suggestions = await analysis.GetImprovementFixesAsync(run.Request.DocumentPath, target.Range, cancellationToken);
            var edits = new List<(string Title, string Rule, IReadOnlyList<(int Start, int End, string NewText)> Edits)>();
            foreach (var suggestion in suggestions.DistinctBy(s => (s.Title, s.Reference.EquivalenceKey, s.Diagnostic.Range)).Take(MaxFixes))
            {
                if (FixVetting.Excluded.TryGetValue(suggestion.Diagnostic.Id, out var reason))
                {
                    var note = $"{suggestion.Diagnostic.Id} is not applied without a model: {reason}";
                    if (!run.Notes.Contains(note))
                    {
                        run.Notes.Add(note);
                    }
                    continue;
                }
                WorkspaceEditResult? result;
                try
                {
                    result = await analysis.ResolveCodeFixAsync(suggestion.Reference, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Third-party providers fail (bugs, a package built for another Roslyn); the analysis logged it, the other fixes still count.
                    run.Notes.Add(e is AnalysisException ? e.Message : $"the fix '{suggestion.Title}' ({suggestion.Diagnostic.Id}) failed: {e.Message}");
                    continue;
                }
                if (result is not null && InsideTarget(result, run) is { } inside)
                {
                    edits.Add(($"{suggestion.Diagnostic.Id}: {suggestion.Title}", suggestion.Diagnostic.Id, inside));
                }
            }
            return edits;
        });
        if (fixes.Count == 0)
        {
            run.Notes.Add("no code fix is offered inside the target (neither the project's analyzers nor the improvement rules report anything fixable there)");
            return;
        }
        var helpful = new List<(string Title, string Rule, IReadOnlyList<(int Start, int End, string NewText)> Edits)>();
        foreach (var fix in fixes)
        {
            var candidate = await run.EvaluateAsync(cycle, StrategyCatalog.CodeFixes, Region(target, fix.Edits), fix.Title, cancellationToken,
                report => FixVetting.Refusal([fix.Rule], report.BehaviourChanges));
            if (candidate?.Score is { Total: > 0 })
            {
                helpful.Add(fix);
            }
        }
        // Every helpful fix at once, when their edits do not overlap: usually better than the best one alone.
        var combined = helpful.SelectMany(f => f.Edits).OrderBy(e => e.Start).ToList();
        if (helpful.Count > 1 && combined.Zip(combined.Skip(1)).All(p => p.First.End <= p.Second.Start))
        {
            await run.EvaluateAsync(cycle, StrategyCatalog.CodeFixes, Region(target, combined),
                string.Join("; ", helpful.Select(f => f.Title)), cancellationToken, report => FixVetting.Refusal([.. helpful.Select(f => f.Rule)], report.BehaviourChanges));
        }
    }

    /// <summary>The fix's edits as offsets in the request's text, or null when it touches anything outside the target.</summary>
    private static IReadOnlyList<(int Start, int End, string NewText)>? InsideTarget(WorkspaceEditResult result, ImproveRun run)
    {
        if (result.Created.Count > 0 || result.Deleted.Count > 0 || result.Changes.Count != 1
            || !string.Equals(Path.GetFullPath(result.Changes[0].FilePath), Path.GetFullPath(run.Request.DocumentPath), StringComparison.Ordinal))
        {
            return null;
        }
        var positions = new TextPositions(run.Request.Text);
        var edits = result.Changes[0].Edits.Select(e => (Start: positions.Offset(e.Range.Start), End: positions.Offset(e.Range.End), e.NewText)).ToList();
        return edits.All(e => e.Start >= run.Target.Start && e.End <= run.Target.End) ? edits : null;
    }

    private static string Region(Candidates.CodeTarget target, IEnumerable<(int Start, int End, string NewText)> edits)
    {
        var region = target.Code;
        foreach (var (start, end, newText) in edits.OrderByDescending(e => e.Start))
        {
            region = region[..(start - target.Start)] + newText + region[(end - target.Start)..];
        }
        return region;
    }
}
