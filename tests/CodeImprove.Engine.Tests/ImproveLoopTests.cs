using CodeImprove.Memory;
using static CodeImprove.Engine.Tests.EngineFixture;

namespace CodeImprove.Engine.Tests;

/// <summary>The loop driven by a scripted model (a test double) over the real analysis, memory and history.</summary>
public sealed class ImproveLoopTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_candidate_with_a_compile_error_is_refined_through_reflection()
    {
        await using var fixture = await CreateAsync();
        var model = new ScriptedModel(4096, Fenced(Broken), Fenced(Flatter), "DONE");
        var result = await fixture.Engine(model, Options(maxCycles: 1)).ImproveAsync(fixture.Request("readability"), cancellationToken: Token);

        Assert.NotNull(result.Proposal);
        Assert.Contains("value > 0 && value < 1000", result.Proposal.ImprovedCode);
        Assert.StartsWith("rejected: adds compile errors", result.Candidates[0].Verdict);
        // The reflection showed the model its compile error.
        var reflection = model.Conversations[1][^1].Content;
        Assert.Contains("CS0103", reflection);
        Assert.DoesNotContain(result.Proposal.Analysis.Introduced, d => d.Severity == Analysis.Diagnostics.DiagnosticLevel.Error);
    }

    [Fact]
    public async Task Max_cycles_and_max_reflections_bound_the_model_calls()
    {
        await using var fixture = await CreateAsync();
        // Every reply is unusable, so every cycle reflects as often as allowed.
        var model = new ScriptedModel(4096) { Fallback = "I cannot help with that." };
        var result = await fixture.Engine(model, Options(maxCycles: 2, maxReflect: 1)).ImproveAsync(fixture.Request(), cancellationToken: Token);

        Assert.Null(result.Proposal);
        Assert.Equal(2 * (1 + 1), model.Conversations.Count);
        // Four unusable replies are one reason, not four.
        var unusable = Assert.Single(result.NoImprovementReasons, r => r.Contains("unusable reply", StringComparison.Ordinal));
        Assert.StartsWith("4 candidates (cycles 1, 2;", unusable, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_run_whose_replies_are_unusable_still_proposes_what_the_code_fixes_found()
    {
        await using var fixture = await CreateAsync();
        var model = new ScriptedModel(4096) { Fallback = "I cannot help with that." };
        var result = await fixture.Engine(model, Options(maxCycles: 2, maxReflect: 1, codeFixes: true)).ImproveAsync(fixture.Request(), cancellationToken: Token);

        var proposal = Assert.IsType<Proposal>(result.Proposal);
        Assert.Equal("code-fixes", proposal.Strategy);
        Assert.Equal(2 * (1 + 1), model.Conversations.Count); // the model was asked first
        Assert.Contains(result.Candidates, c => c.Verdict.StartsWith("unusable reply", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_repeated_candidate_is_not_analyzed_again_and_the_next_cycle_takes_another_strategy()
    {
        await using var fixture = await CreateAsync();
        var reformatted = Flatter.Replace("\n", "\n\n", StringComparison.Ordinal) + " // same tokens";
        var model = new ScriptedModel(4096, Fenced(Flatter), "DONE", Fenced(reformatted), Fenced(Linq), "DONE");
        var result = await fixture.Engine(model, Options(maxCycles: 3, maxReflect: 1)).ImproveAsync(fixture.Request("readability"), cancellationToken: Token);

        Assert.Equal(3, result.Candidates.Count);
        Assert.Equal("skipped: repeats an earlier candidate", result.Candidates[1].Verdict);
        Assert.Null(result.Candidates[1].Score);
        Assert.Equal("readability", result.Candidates[1].Strategy);
        Assert.NotEqual("readability", result.Candidates[2].Strategy);
        var episode = await fixture.Memory.GetEpisodeAsync(result.EpisodeId!.Value, Token);
        Assert.Equal(2, episode!.Candidates.Count); // the repeat was never checked or recorded as a candidate
    }

    [Fact]
    public async Task Scoring_picks_the_best_candidate_of_all_cycles()
    {
        await using var fixture = await CreateAsync();
        var model = new ScriptedModel(4096, Fenced(Flatter), "DONE", Fenced(Linq), "DONE");
        var result = await fixture.Engine(model, Options(maxCycles: 2, maxReflect: 1)).ImproveAsync(fixture.Request(), cancellationToken: Token);

        Assert.NotNull(result.Proposal);
        Assert.Contains(".Where(", result.Proposal.ImprovedCode);
        var scores = result.Candidates.Select(c => c.Score!.Value).ToList();
        Assert.True(scores[1] > scores[0], $"scores {string.Join(", ", scores)}");
        Assert.Equal(scores[1], result.Proposal.Score.Total, 3);
        Assert.True(result.Proposal.Score.Nesting > 0);
    }

    [Fact]
    public async Task Cancellation_ends_the_run_and_leaves_the_file_and_history_untouched()
    {
        await using var fixture = await CreateAsync();
        var before = await File.ReadAllBytesAsync(fixture.FilePath, Token);
        var model = new ScriptedModel(4096, Fenced(Flatter), null);
        var engine = fixture.Engine(model);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var run = engine.ImproveAsync(fixture.Request(), cancellationToken: stop.Token);
        await model.Blocked.Task.WaitAsync(TimeSpan.FromSeconds(60), Token);
        stop.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(before, await File.ReadAllBytesAsync(fixture.FilePath, Token));
        Assert.Empty(await fixture.History.ListAsync(Token));
        var page = await fixture.Memory.QueryEpisodesAsync(new EpisodeQuery(), Token);
        Assert.Equal(EpisodeDecision.Cancelled, Assert.Single(page.Items).Decision);
        // The document is free again: a new run may start.
        var again = await fixture.Engine(new ScriptedModel(4096, Fenced(Flatter))).ImproveAsync(fixture.Request(), cancellationToken: Token);
        Assert.NotNull(again.Proposal);
    }

    [Fact]
    public async Task A_budget_spent_while_the_target_is_analyzed_ends_the_run_with_the_setting_named()
    {
        await using var fixture = await CreateAsync();
        var model = new ScriptedModel(4096, Fenced(Flatter));

        var refused = await Assert.ThrowsAsync<EngineException>(() =>
            fixture.Engine(model, Options(budgetSeconds: 5), clock: new SpentBudgetClock()).ImproveAsync(fixture.Request(), cancellationToken: Token));

        Assert.Equal("analyzing Calc.cs took longer than the wall-clock budget of 5 s (loop.budgetSeconds), so nothing was tried: " +
                     "raise loop.budgetSeconds, or improve a smaller selection", refused.Message);
        Assert.Empty(model.Conversations);
    }

    [Fact]
    public async Task Only_past_episodes_above_the_similarity_floor_enter_the_prompt_as_examples()
    {
        await using var fixture = await CreateAsync();
        foreach (var (code, improved) in new[]
        {
            ("public static string Greet(string name) { return \"Hello, \" + name + \"!\"; }", "public static string Greet(string name) => $\"Hello, {name}!\";"),
            (Sample[Sample.IndexOf("public static int SumSmallPositive", StringComparison.Ordinal)..Sample.IndexOf("public static int Twice", StringComparison.Ordinal)].Trim(), Flatter),
        })
        {
            await fixture.Memory.AddEpisodeAsync(new EpisodeDraft
            {
                Workspace = fixture.Root, File = "Old.cs", Span = default, Instruction = "", Strategy = "readability",
                OriginalCode = code, FinalCode = improved, Decision = EpisodeDecision.Accepted,
            }, Token);
        }
        var model = new ScriptedModel(4096, Fenced(Flatter));

        await fixture.Engine(model, Options(maxCycles: 1, maxReflect: 0)).ImproveAsync(fixture.Request(), cancellationToken: Token);

        var prompt = model.Conversations[0][1].Content;
        Assert.Equal(1, prompt.Split("Example of an accepted improvement").Length - 1);
        Assert.DoesNotContain("Greet", prompt);
    }

    /// <summary>A clock on which every timer is already due: a budget taken from it is spent before the first step.</summary>
    private sealed class SpentBudgetClock : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            callback(state);
            return new SpentTimer();
        }

        private sealed class SpentTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => false;
            public void Dispose() { }
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task A_second_improvement_of_the_same_document_is_refused_while_one_runs()
    {
        await using var fixture = await CreateAsync();
        var model = new ScriptedModel(4096, (string?)null);
        var engine = fixture.Engine(model);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var first = engine.ImproveAsync(fixture.Request(), cancellationToken: stop.Token);
        await model.Blocked.Task.WaitAsync(TimeSpan.FromSeconds(60), Token);

        await Assert.ThrowsAsync<ImproveBusyException>(() => engine.ImproveAsync(fixture.Request(), cancellationToken: Token));
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
    }

    [Theory]
    [InlineData(0.05, 2)]  // Flatter scores above it: one generation and one reflection, then the run ends
    [InlineData(5.0, 4)]   // nothing scores that much: the second cycle runs too
    public async Task A_kept_candidate_scoring_at_least_loop_stop_score_ends_the_run(double stopScore, int modelCalls)
    {
        await using var fixture = await CreateAsync();
        var model = new ScriptedModel(4096, Fenced(Flatter), "DONE", Fenced(Linq), "DONE");
        var result = await fixture.Engine(model, Options(maxCycles: 2, maxReflect: 1, stopScore: stopScore)).ImproveAsync(fixture.Request("readability"), cancellationToken: Token);

        Assert.NotNull(result.Proposal);
        Assert.Equal(modelCalls, model.Conversations.Count);
    }

    [Fact]
    public async Task Progress_names_the_stage_and_cycle()
    {
        await using var fixture = await CreateAsync();
        var events = new List<LoopProgress>();
        // Reported on the loop's own thread, in order (Progress<T> would post to the thread pool and race the asserts).
        var progress = new Recorder(events);
        await fixture.Engine(new ScriptedModel(4096, Fenced(Flatter), "DONE"), Options(maxCycles: 1)).ImproveAsync(fixture.Request(), progress, Token);

        Assert.Contains(events, e => e is { Stage: LoopStage.Generating, Cycle: 1 });
        Assert.Contains(events, e => e is { Stage: LoopStage.Analyzing, Cycle: 1 });
        Assert.Contains(events, e => e is { Stage: LoopStage.Reflecting, Cycle: 1 });
    }

    private sealed class Recorder(List<LoopProgress> events) : IProgress<LoopProgress>
    {
        public void Report(LoopProgress value)
        {
            lock (events)
            {
                events.Add(value);
            }
        }
    }

    [Theory]
    [InlineData("recursion-to-iteration", true)]
    [InlineData("readability", false)]
    public async Task The_score_knows_what_the_strategy_asked_for(string strategy, bool proposed)
    {
        await using var fixture = await CreateAsync("""
            public static class Numbers
            {
                public static long Factorial(int n)
                {
                    if (n <= 1) return 1;
                    return n * Factorial(n - 1);
                }
            }
            """);
        const string iterative = """
            public static long Factorial(int n)
            {
                long result = 1;
                for (var i = 2; i <= n; i++)
                {
                    result *= i;
                }
                return result;
            }
            """;
        var model = new ScriptedModel(4096, Fenced(iterative), "DONE");
        var request = new ImproveRequest(fixture.FilePath, File.ReadAllText(fixture.FilePath), Analysis.SourceRange.Of(2, 24, 2, 24)) { Strategy = strategy };
        var result = await fixture.Engine(model, Options(maxCycles: 1, maxReflect: 1)).ImproveAsync(request, cancellationToken: Token);

        // Longer and no simpler by the metrics; only the goal term (the recursion is gone) makes it better.
        var scored = Assert.Single(result.Candidates, c => c.Score is not null);
        Assert.Equal(proposed, result.Proposal is not null);
        if (result.Proposal is { } proposal)
        {
            Assert.Equal(1.5, proposal.Score.Goal);
            Assert.True(proposal.Score.Total - proposal.Score.Goal <= 0.05, $"without the goal it would score {proposal.Score.Total - proposal.Score.Goal}");
        }
        else
        {
            Assert.True(scored.Score <= 0.05, scored.Verdict);
        }
    }
}
