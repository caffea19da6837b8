using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using CodeImprove.Analysis;
using CodeImprove.Analysis.Metrics;
using CodeImprove.Analysis.Text;
using CodeImprove.Engine.Applying;
using CodeImprove.Engine.Candidates;
using CodeImprove.Engine.Configuration;
using CodeImprove.Engine.Loop;
using CodeImprove.Engine.Prompts;
using CodeImprove.Engine.Proposals;
using CodeImprove.Engine.Strategies;
using CodeImprove.Engine.Text;
using CodeImprove.History;
using CodeImprove.Inference;
using CodeImprove.Memory;
using Microsoft.Extensions.Logging;

namespace CodeImprove.Engine;

/// <summary>
/// "Improve this" end to end: runs the bounded loop (or, with no model, the Roslyn code fixes), turns the best checked
/// candidate into a <see cref="Proposal"/>, records the episode in memory, and applies or rejects proposals with a
/// rollback point first. One improvement per document runs at a time. Nothing is written to a document before
/// <see cref="AcceptAsync"/>.
/// </summary>
public sealed class ImproveEngine(EngineDependencies dependencies)
{
    private readonly ConcurrentDictionary<string, byte> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, OpenProposal> _proposals = new(StringComparer.Ordinal);
    private readonly StrategyPolicy _policy = new(dependencies.Memory, new Random(dependencies.Seed ?? dependencies.Options.Model.Seed));
    private readonly AuditTrail _audit = new(dependencies.History, dependencies.Logger);

    /// <summary>
    /// New options for the runs that start from now on; running runs and open proposals are unaffected. (A new model comes
    /// through <see cref="EngineDependencies.Models"/>: each run leases the model it starts with.)
    /// </summary>
    public void Reconfigure(CodeImproveOptions options) =>
        dependencies = dependencies with { Options = options };

    /// <summary>Improvements running now.</summary>
    public int RunningCount => _running.Count;

    /// <summary>A proposal still waiting for accept or reject, or null.</summary>
    public Proposal? GetProposal(string proposalId) => _proposals.TryGetValue(proposalId, out var open) ? open.Proposal : null;

    /// <summary>The policy's current beliefs for some code (or for code in general when null), for `episodes --stats`.</summary>
    public Task<IReadOnlyList<StrategyBelief>> GetBeliefsAsync(string? code, CancellationToken cancellationToken = default) =>
        _policy.GetBeliefsAsync(code is null ? CodeFeatures.None : CodeFeatures.Of(code), code, cancellationToken);

    public async Task<ImproveResult> ImproveAsync(ImproveRequest request, IProgress<LoopProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        request = request with { DocumentPath = Path.GetFullPath(request.DocumentPath) };
        if (request.Strategy is { } strategyName)
        {
            StrategyCatalog.Get(strategyName);
        }
        if (!_running.TryAdd(request.DocumentPath, 0))
        {
            throw new ImproveBusyException(request.DocumentPath);
        }
        try
        {
            return await RunAsync(request, progress, cancellationToken);
        }
        finally
        {
            _running.TryRemove(request.DocumentPath, out _);
        }
    }

    private async Task<ImproveResult> RunAsync(ImproveRequest request, IProgress<LoopProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = new StageClock(dependencies.Clock);
        var options = dependencies.Options;
        using var lease = dependencies.Models.Acquire(); // a reload meanwhile disposes the old model only after this run
        var model = lease.Model;
        await _audit.ModelUsedAsync(model);
        progress?.Report(new LoopProgress(LoopStage.Preparing, 0, $"Reading {Path.GetFileName(request.DocumentPath)}"));
        // The run's one snapshot: the request's own text over the workspace as it is now. Every stage and candidate check
        // reads it, so edits the user makes meanwhile never move the ranges under the run; only accept sees the live text.
        var analysis = dependencies.Analysis.Snapshot(request.DocumentPath, request.Text, request.Version);
        var prepared = await clock.TimeAsync("prepare", () => PrepareWithinBudgetAsync(analysis, request, cancellationToken));
        var run = new ImproveRun(request, prepared.Target, prepared.Features, analysis, progress, clock, prepared.Rejected) { FixPreferences = prepared.FixPreferences };

        if (model is not null)
        {
            await RunPhaseAsync(run, model, clock, async token =>
            {
                try
                {
                    await new ModelLoop(model, options, _policy, dependencies.Seed ?? options.Model.Seed)
                        .RunAsync(run, prepared.Features, prepared.Diagnostics, prepared.Signatures, prepared.Examples, token);
                }
                catch (TargetTooLargeException) when (run.Checked.Count == 0 && !options.Loop.CodeFixes)
                {
                    throw;
                }
                catch (TargetTooLargeException e)
                {
                    run.Notes.Add((run.Checked.Count == 0 ? "the model could not be asked: " : "a reflection no longer fit the context: ") + e.Message);
                }
            }, cancellationToken);
        }
        if (model is null || options.Loop.CodeFixes)
        {
            // Never worse than no model: the code fixes are the no-model default and, in a model run, the floor to beat.
            await RunPhaseAsync(run, model, clock, token => new CodeFixCandidates(analysis).RunAsync(run, token), cancellationToken);
        }

        progress?.Report(new LoopProgress(LoopStage.Scoring, 0, $"Scoring {run.Checked.Count} checked candidates"));
        var best = run.Best();
        Proposal? proposal = null;
        if (best is not null)
        {
            proposal = MakeProposal(run, best, out var open);
            var episodeId = await RecordAsync(run, model, best, EpisodeDecision.Pending, clock);
            proposal = proposal with { EpisodeId = episodeId };
            _proposals[proposal.Id] = new OpenProposal(proposal, request.Text, run.Target, open, analysis, best.Rules);
        }
        var reasons = best is null ? NoImprovementReasons(run) : [];
        var failedEpisode = best is null ? await RecordAsync(run, model, null, EpisodeDecision.Failed, clock) : null;
        return new ImproveResult(proposal, reasons, run.Outcomes, clock.Totals, proposal?.EpisodeId ?? failedEpisode)
        {
            TokensPerSecond = model is Inference.Llama.LlamaModel { LastGeneration: { } stats } ? stats.DecodeTokensPerSecond : null,
            Notes = [.. run.Notes],
        };
    }

    /// <summary>
    /// Runs one phase of the loop (the model's cycles, then the code fixes) under a budget of its own, so the code fixes
    /// still run after a model that spent loop.budgetSeconds. A spent budget is noted; the user's cancel records the run as
    /// a cancelled episode.
    /// </summary>
    private async Task RunPhaseAsync(ImproveRun run, IModel? model, StageClock clock, Func<CancellationToken, Task> phase, CancellationToken cancellationToken)
    {
        using var budget = Budget();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        try
        {
            await phase(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && budget.IsCancellationRequested)
        {
            run.Notes.Add($"the wall-clock budget of {dependencies.Options.Loop.BudgetSeconds} s (loop.budgetSeconds) ran out");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await RecordAsync(run, model, null, EpisodeDecision.Cancelled, clock);
            throw;
        }
    }

    /// <summary>loop.budgetSeconds from now, on the engine's clock.</summary>
    private CancellationTokenSource Budget() =>
        new(TimeSpan.FromSeconds(Math.Max(1, dependencies.Options.Loop.BudgetSeconds)), dependencies.Clock);

    /// <summary>Reading the target (diagnostics, metrics, similar episodes) has the budget of a phase: a huge or slow document cannot hold a run past it.</summary>
    private async Task<Prepared> PrepareWithinBudgetAsync(AnalysisSnapshot analysis, ImproveRequest request, CancellationToken cancellationToken)
    {
        using var budget = Budget();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        try
        {
            return await PrepareAsync(analysis, request, linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && budget.IsCancellationRequested)
        {
            throw new EngineException($"analyzing {Path.GetFileName(request.DocumentPath)} took longer than the wall-clock budget of " +
                                      $"{dependencies.Options.Loop.BudgetSeconds} s (loop.budgetSeconds), so nothing was tried: raise loop.budgetSeconds, or improve a smaller selection");
        }
    }

    private sealed record Prepared(CodeTarget Target, CodeFeatures Features, IReadOnlyList<string> Diagnostics, IReadOnlyList<string> Signatures,
        IReadOnlyList<SimilarEpisode> Examples, IReadOnlySet<string> Rejected, IReadOnlyDictionary<string, FixPreference> FixPreferences);

    private async Task<Prepared> PrepareAsync(AnalysisSnapshot analysis, ImproveRequest request, CancellationToken cancellationToken)
    {
        var (target, root) = await TargetResolver.ResolveAsync(analysis, request, cancellationToken);
        var thresholds = dependencies.Options.Thresholds;
        var diagnostics = (await analysis.GetDiagnosticsAsync(request.DocumentPath, new MetricThresholds(thresholds.CyclomaticComplexity, thresholds.MaintainabilityIndex, thresholds.NestingDepth, thresholds.MethodLines), cancellationToken))
            .Diagnostics.Where(d => Overlaps(d.Range, target.Range)).ToList();
        var metrics = (await analysis.GetMetricsAsync(request.DocumentPath, cancellationToken)).FirstOrDefault(m => Overlaps(m.Range, target.Range));
        var features = CodeFeatures.Of(target.Code, diagnostics.Count, metrics?.CyclomaticComplexity ?? 0, metrics?.MaxNestingDepth ?? 0);
        var examples = dependencies.Memory is { } memory && dependencies.Options.Loop.Examples > 0
            ? await memory.FindSimilarAsync(new SimilarityQuery { Code = target.Code, K = dependencies.Options.Loop.Examples }, cancellationToken)
            : [];
        var rejected = dependencies.Memory is { } store
            ? (await store.FindSimilarAsync(new SimilarityQuery { Code = target.Code, K = 20, Decision = EpisodeDecision.Rejected }, cancellationToken))
                .Where(e => e.FinalCode is not null).Select(e => SyntaxFingerprint.Of(e.FinalCode!)).ToHashSet(StringComparer.Ordinal)
            : [];
        return new Prepared(
            target,
            features,
            diagnostics.Select(d => $"{d.Id} {d.Message} (line {d.Range.Start.Line - target.Range.Start.Line + 1})").ToList(),
            TypeSignatures.Around(root, target.Start, target.End),
            examples.Where(e => e.FinalCode is not null && e.Similarity >= dependencies.Options.Loop.ExampleSimilarity).ToList(),
            rejected,
            dependencies.Memory is { } learned ? (await learned.GetFixPreferencesAsync(cancellationToken)).ToDictionary(p => p.Rule) : new Dictionary<string, FixPreference>());
    }

    private Proposal MakeProposal(ImproveRun run, CheckedCandidate best, out IReadOnlyList<LineChange> changes)
    {
        var request = run.Request;
        var target = run.Target;
        // Kept lines keep their endings and new ones take the document's, so hunks show only real changes.
        var code = LineEndings.Follow(target.Code, best.Code, TextFile.LineEndingOf(request.Text));
        var newText = request.Text[..target.Start] + code + request.Text[target.End..];
        var groups = SelfContainedHunks.Group(request.Text, LineDiff.Compute(request.Text, newText));
        changes = [.. groups.Select(g => SelfContainedHunks.Merge(request.Text, g))];
        var positions = new TextPositions(request.Text);
        var merged = changes;
        var hunks = groups.Select((g, i) => new ProposalHunk(i + 1, positions.Range(merged[i].OldStart, merged[i].OldEnd), merged[i].OldText, merged[i].NewText, LineDiff.Hunk(request.Text, g))).ToList();
        var explanation = string.IsNullOrWhiteSpace(best.Explanation) ? $"{best.Strategy} candidate" : best.Explanation;
        return new Proposal(
            NewProposalId(),
            request.DocumentPath,
            request.Version,
            TextPositions.Hash(request.Text),
            target.Range,
            target.Code,
            code,
            hunks,
            LineDiff.Unified(request.Text, newText, RelativePath(request.DocumentPath)),
            best.Strategy,
            explanation,
            ReportText.Summarize(best.Report),
            best.Score!,
            null);
    }

    private static IReadOnlyList<string> NoImprovementReasons(ImproveRun run)
    {
        var reasons = new List<string>(run.Notes);
        if (run.Outcomes.Count == 0 && run.Notes.Count == 0)
        {
            reasons.Add("no candidate was produced");
        }
        // One sentence per verdict: nine unusable replies are one reason, not nine.
        reasons.AddRange(run.Outcomes.GroupBy(o => o.Verdict).Select(g => g.Count() == 1
            ? $"cycle {g.First().Cycle} ({g.First().Strategy}): {g.Key}"
            : $"{g.Count()} candidates (cycles {string.Join(", ", g.Select(o => o.Cycle).Distinct())}; {string.Join(", ", g.Select(o => o.Strategy).Distinct())}): {g.Key}"));
        return reasons;
    }

    /// <summary>
    /// Applies all or the chosen hunks, rebased onto the document as it is now, after recording a rollback point: through the
    /// editor when the document is open there (<see cref="EngineDependencies.Editor"/>), else on disk, keeping the file's
    /// encoding, BOM, line endings and every byte outside the hunks. A subset of hunks is compiled on the run's snapshot first
    /// and refused when it adds errors. Records the acceptance, unless the editor refused (the proposal then stays open).
    /// </summary>
    public async Task<AcceptPlan> AcceptAsync(string proposalId, IReadOnlyList<int>? hunkIds = null, CancellationToken cancellationToken = default)
    {
        var open = Find(proposalId);
        lock (open)
        {
            if (open.Applying)
            {
                throw new EngineException($"proposal {proposalId} is being applied already");
            }
            open.Applying = true;
        }
        try
        {
            var plan = dependencies.Editor?.OpenText(open.Proposal.DocumentPath) is { } buffer
                ? await AcceptInEditorAsync(open, hunkIds, buffer, cancellationToken)
                : await AcceptOnDiskAsync(open, hunkIds, cancellationToken);
            if (!plan.Refused)
            {
                await DecideAsync(open, plan, cancellationToken);
            }
            return plan;
        }
        finally
        {
            open.Applying = false;
        }
    }

    private async Task<AcceptPlan> AcceptOnDiskAsync(OpenProposal open, IReadOnlyList<int>? hunkIds, CancellationToken cancellationToken)
    {
        var path = open.Proposal.DocumentPath;
        var file = await TextFile.ReadAsync(path, cancellationToken)
            ?? throw new StaleProposalException($"{path} no longer exists; run improve again where the code is now");
        var plan = await PlanAsync(open, hunkIds, file.Text, cancellationToken);
        var bytes = file.Splice(plan.Edits.Select(e => (e.Start, e.End, e.NewText)));
        if (dependencies.History is not { } history)
        {
            await File.WriteAllBytesAsync(path, bytes, cancellationToken);
            return plan;
        }
        var point = await history.ApplyAsync(EpisodeKey(open), new Dictionary<string, byte[]?> { [path] = bytes }, cancellationToken);
        return plan with { RollbackPointId = point.Id };
    }

    /// <summary>The editor owns an open buffer: the rollback point records the bytes the editor will save, before and after.</summary>
    private async Task<AcceptPlan> AcceptInEditorAsync(OpenProposal open, IReadOnlyList<int>? hunkIds, string buffer, CancellationToken cancellationToken)
    {
        var history = dependencies.History
            ?? throw new EngineException("an open document is changed only after a rollback point is recorded, and the rollback history is not available (see the server log)");
        var path = open.Proposal.DocumentPath;
        var plan = await PlanAsync(open, hunkIds, buffer, cancellationToken);
        var after = new Dictionary<string, byte[]?> { [path] = TextFile.BufferBytes(path, plan.NewText) };
        var (pointId, refusal) = await new EditApplier(history, dependencies.Editor!).ApplyAsync(
            () => history.BeginApplyAsync(EpisodeKey(open), new Dictionary<string, byte[]?> { [path] = TextFile.BufferBytes(path, buffer) }, after, cancellationToken),
            new Dictionary<string, IReadOnlyList<PlannedEdit>> { [path] = plan.Edits },
            after,
            "CodeImprove: accept proposal");
        return plan with { RollbackPointId = pointId, RefusalReason = refusal };
    }

    private async Task<AcceptPlan> PlanAsync(OpenProposal open, IReadOnlyList<int>? hunkIds, string currentText, CancellationToken cancellationToken)
    {
        var plan = ProposalRebase.Plan(open, hunkIds, currentText, null);
        if (plan.HunkIds.Count < open.Changes.Count)
        {
            await EnsureSubsetCompilesAsync(open, plan.HunkIds, cancellationToken);
        }
        return plan;
    }

    /// <summary>
    /// Hunks were checked together; some of them alone may not compile (a declaration in one, its use in another). The chosen
    /// ones are applied to the text the proposal was computed on and checked on the run's snapshot, like any candidate.
    /// </summary>
    private static async Task EnsureSubsetCompilesAsync(OpenProposal open, IReadOnlyList<int> ids, CancellationToken cancellationToken)
    {
        var chosen = ids.Select(id => open.Changes[id - 1]).OrderBy(c => c.OldStart).ToList();
        var start = chosen[0].OldStart;
        var end = chosen[^1].OldEnd;
        var replacement = new StringBuilder();
        var at = start;
        foreach (var change in chosen)
        {
            replacement.Append(open.BaseText, at, change.OldStart - at).Append(change.NewText);
            at = change.OldEnd;
        }
        var range = new TextPositions(open.BaseText).Range(start, end);
        var report = await open.Analysis.CheckCandidateAsync(open.Proposal.DocumentPath, range, replacement.ToString(), cancellationToken);
        if (report.HasNewErrors)
        {
            var errors = report.ParseErrors.Concat(report.Introduced.Where(d => d.Severity == Analysis.Diagnostics.DiagnosticLevel.Error))
                .Select(d => $"{d.Id} {d.Message}").Distinct().ToList();
            throw new SubsetDoesNotCompileException(open.Proposal.Id, ids, open.Changes.Count, errors);
        }
    }

    /// <summary>Records the rejection (the policy learns from it; the candidate is not proposed again for this code).</summary>
    public async Task RejectAsync(string proposalId, string? reason = null, CancellationToken cancellationToken = default)
    {
        var open = Find(proposalId);
        if (open.Applying)
        {
            throw new EngineException($"proposal {proposalId} is being applied; it can no longer be rejected");
        }
        if (open.Proposal.EpisodeId is { } episode && dependencies.Memory is { } memory)
        {
            await memory.SetDecisionAsync(episode, EpisodeDecision.Rejected, reason, cancellationToken: cancellationToken);
        }
        await LearnFixDecisionsAsync(open, accepted: []);
        await _audit.RejectedAsync(EpisodeKey(open), reason);
        _proposals.TryRemove(proposalId, out _);
    }

    private async Task DecideAsync(OpenProposal open, AcceptPlan plan, CancellationToken cancellationToken)
    {
        await _audit.AcceptedAsync(open.Proposal, EpisodeKey(open), plan);
        if (open.Proposal.EpisodeId is { } episode && dependencies.Memory is { } memory)
        {
            var partial = plan.HunkIds.Count < open.Changes.Count ? $"accepted hunks {string.Join(", ", plan.HunkIds)} of {open.Changes.Count}" : null;
            await memory.SetDecisionAsync(episode, EpisodeDecision.Accepted, partial, plan.RollbackPointId, plan.FinalCode, cancellationToken);
        }
        await LearnFixDecisionsAsync(open, plan.HunkIds);
        _proposals.TryRemove(open.Proposal.Id, out _);
    }

    /// <summary>
    /// Teaches the code-fix preferences: each hunk of a code-fix proposal counts, accepted or not, for the rules whose
    /// diagnostics lie on its lines (a rule on no hunk's lines counts with the nearest hunk).
    /// </summary>
    private async Task LearnFixDecisionsAsync(OpenProposal open, IReadOnlyList<int> accepted)
    {
        if (dependencies.Memory is not { } memory || open.Rules.Count == 0)
        {
            return;
        }
        var hunks = open.Proposal.Hunks;
        var decisions = open.Rules
            .Select(rule => (Rule: rule, Hunk: hunks.MinBy(h => rule.Line < h.Range.Start.Line ? h.Range.Start.Line - rule.Line : Math.Max(0, rule.Line - h.Range.End.Line))!))
            .DistinctBy(d => (d.Rule.Id, d.Hunk.Id))
            .Select(d => (d.Rule.Id, accepted.Contains(d.Hunk.Id)))
            .ToList();
        await memory.RecordFixDecisionsAsync(decisions, CancellationToken.None);
    }

    /// <summary>Writes the episode, its candidates and reflections; recording goes on even when the run was cancelled.</summary>
    private async Task<long?> RecordAsync(ImproveRun run, IModel? model, CheckedCandidate? best, EpisodeDecision decision, StageClock clock)
    {
        if (dependencies.Memory is not { } memory)
        {
            return null;
        }
        run.Report(LoopStage.Recording, 0, "Recording the episode");
        var request = run.Request;
        var range = run.Target.Range;
        try
        {
            var id = await memory.AddEpisodeAsync(new EpisodeDraft
            {
                Workspace = dependencies.WorkspaceRoot ?? Path.GetDirectoryName(request.DocumentPath)!,
                File = RelativePath(request.DocumentPath),
                Span = new SourceSpan(range.Start.Line, range.Start.Character, range.End.Line, range.End.Character),
                Instruction = request.Instruction ?? "",
                Strategy = best?.Strategy ?? run.StrategiesUsed.FirstOrDefault() ?? request.Strategy ?? (model is null ? StrategyCatalog.CodeFixes : "none"),
                OriginalCode = run.Target.Code,
                FinalCode = best?.Code,
                Decision = decision,
                ScoreDelta = best?.Score?.Total,
                ScoreBreakdown = best?.Score?.ToDictionary() ?? new Dictionary<string, double>(),
                AnalysisSummary = best is null ? null : JsonSerializer.SerializeToElement(ReportText.Summarize(best.Report), EngineJson.Options),
                ModelId = model?.Description.Name,
                StageTimings = clock.Totals.ToDictionary(),
                PromptTokens = run.PromptTokens,
                CompletionTokens = run.CompletionTokens,
            }, CancellationToken.None);
            if (id is { } episode)
            {
                foreach (var candidate in run.Drafts)
                {
                    await memory.AddCandidateAsync(episode, candidate, CancellationToken.None);
                }
                foreach (var (cycle, text) in run.Reflections)
                {
                    await memory.AddReflectionAsync(episode, cycle, text, CancellationToken.None);
                }
            }
            return id;
        }
        catch (ArgumentException e)
        {
            dependencies.Logger.LogWarning("The episode was not recorded: {Reason}", e.Message);
            return null;
        }
    }

    private OpenProposal Find(string proposalId) =>
        _proposals.TryGetValue(proposalId, out var open) ? open : throw new ProposalNotFoundException(proposalId);

    private static string EpisodeKey(OpenProposal open) => open.Proposal.EpisodeId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? open.Proposal.Id;

    private string RelativePath(string path) =>
        dependencies.WorkspaceRoot is { } root ? Path.GetRelativePath(root, path).Replace('\\', '/') : Path.GetFileName(path);

    private static string NewProposalId() => "p" + Guid.NewGuid().ToString("N")[..12];

    private static bool Overlaps(SourceRange a, SourceRange b) =>
        (a.Start.Line, a.Start.Character).CompareTo((b.End.Line, b.End.Character)) <= 0
        && (b.Start.Line, b.Start.Character).CompareTo((a.End.Line, a.End.Character)) <= 0;
}
