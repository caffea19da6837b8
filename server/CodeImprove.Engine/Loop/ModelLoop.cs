using System.Text;
using CodeImprove.Engine.Candidates;
using CodeImprove.Engine.Configuration;
using CodeImprove.Engine.Prompts;
using CodeImprove.Engine.Strategies;
using CodeImprove.Inference;
using CodeImprove.Memory;

namespace CodeImprove.Engine.Loop;

/// <summary>
/// The model-driven loop: per cycle the policy (or the user) picks a strategy, the model writes a whole-region rewrite,
/// the Roslyn check analyzes it, and the model reflects on the report (revise or DONE) up to loop.maxReflect times.
/// A repeated candidate ends its cycle and sends the next cycle to a strategy not tried yet. When the model keeps a candidate
/// (DONE) that scores at least loop.stopScore, the run ends there: each more cycle is seconds of a local model for little.
/// </summary>
internal sealed class ModelLoop(IModel model, CodeImproveOptions options, StrategyPolicy policy, int seed)
{
    public async Task RunAsync(ImproveRun run, CodeFeatures features, IReadOnlyList<string> diagnostics, IReadOnlyList<string> signatures,
        IReadOnlyList<SimilarEpisode> examples, CancellationToken cancellationToken)
    {
        // What a rewrite of this target needs, not a fixed reserve: small contexts then still fit a prompt.
        var replyTokens = await PromptBuilder.ReplyBudgetAsync(model, run.Target.Code, options.Model.MaxTokens, cancellationToken);
        var prompts = new PromptBuilder(model, replyTokens);
        var tried = new HashSet<string>(StringComparer.Ordinal);
        var pushToNewStrategy = false;
        for (var cycle = 1; cycle <= Math.Max(1, options.Loop.MaxCycles); cycle++)
        {
            var strategy = run.Request.Strategy is { } fixedName && !pushToNewStrategy
                ? StrategyCatalog.Get(fixedName)
                : await policy.ChooseAsync(features, run.Target.Code, pushToNewStrategy ? tried : new HashSet<string>(), cancellationToken);
            tried.Add(strategy.Name);
            run.StrategiesUsed.Add(strategy.Name);
            run.Report(LoopStage.Selecting, cycle, $"Strategy: {strategy.Title}");
            var input = new PromptInput(strategy, run.Request.Instruction, run.Target, diagnostics, signatures, examples);
            var sampling = Sampling(replyTokens, cycle);

            run.Report(LoopStage.Prompting, cycle, "Building the prompt");
            var prompt = await prompts.BuildAsync(input, cancellationToken);
            var reply = await GenerateAsync(run, prompt, sampling, LoopStage.Generating, cycle, "generate", cancellationToken);
            pushToNewStrategy = false;
            CheckedCandidate? latest = null;
            for (var reflections = 0; ; reflections++)
            {
                var parsed = CandidateParser.Parse(reply, run.Target);
                string feedback;
                if (parsed.Candidate is { } candidate)
                {
                    var checkedCandidate = await run.EvaluateAsync(cycle, strategy.Name, candidate.Code, candidate.Explanation, cancellationToken);
                    if (checkedCandidate is null)
                    {
                        pushToNewStrategy = true; // a repeat: this strategy has nothing new to say
                        break;
                    }
                    latest = checkedCandidate;
                    feedback = "Analysis of your candidate (checked by the C# compiler and analyzers):\n" + ReportText.ForModel(checkedCandidate.Report, checkedCandidate.Score);
                }
                else
                {
                    run.Outcomes.Add(new CandidateOutcome(cycle, strategy.Name, "", null, "unusable reply: " + parsed.Failure));
                    feedback = $"Your reply could not be used: {parsed.Failure}.";
                }
                if (reflections >= options.Loop.MaxReflect)
                {
                    break;
                }
                run.Report(LoopStage.Reflecting, cycle, $"Reflection {reflections + 1} of {options.Loop.MaxReflect}");
                var reflection = await prompts.BuildReflectionAsync(input, reply, feedback, cancellationToken);
                reply = await GenerateAsync(run, reflection, sampling with { Seed = sampling.Seed + (uint)(reflections + 1) * 7919 }, LoopStage.Reflecting, cycle, "reflect", cancellationToken);
                run.Reflections.Add((cycle, feedback + "\n--- reply ---\n" + reply));
                if (DeclaresDone(reply))
                {
                    if (options.Loop.StopScore > 0 && latest?.Score is { } score && score.Total >= options.Loop.StopScore && cycle < options.Loop.MaxCycles)
                    {
                        run.Notes.Add($"stopped after cycle {cycle}: the model kept a candidate scoring {score.Total:0.00} (loop.stopScore {options.Loop.StopScore:0.00})");
                        return;
                    }
                    break;
                }
            }
        }
    }

    private async Task<string> GenerateAsync(ImproveRun run, Prompt prompt, SamplingSettings sampling, LoopStage stage, int cycle, string timingName, CancellationToken cancellationToken)
    {
        run.Report(stage, cycle, $"Asking {model.Description.Name} ({prompt.Tokens} prompt tokens)");
        run.PromptTokens += prompt.Tokens;
        var reply = await run.Clock.TimeAsync(timingName, async () =>
        {
            var text = new StringBuilder();
            await foreach (var piece in model.StreamChatAsync(prompt.Messages, sampling, cancellationToken))
            {
                text.Append(piece);
            }
            return text.ToString();
        });
        run.CompletionTokens += await model.CountTokensAsync(reply, cancellationToken);
        return reply;
    }

    private SamplingSettings Sampling(int replyTokens, int cycle) => new()
    {
        Temperature = (float)options.Model.Temperature,
        TopP = (float)options.Model.TopP,
        TopK = options.Model.TopK,
        Seed = unchecked((uint)(seed + cycle * 104729)),
        MaxTokens = replyTokens,
    };

    /// <summary>The model keeps its candidate: a reply without code that says DONE.</summary>
    private static bool DeclaresDone(string reply) =>
        !reply.Contains("```", StringComparison.Ordinal) && reply.Trim().TrimEnd('.', '!').EndsWith("DONE", StringComparison.OrdinalIgnoreCase)
        || reply.TrimStart().StartsWith("DONE", StringComparison.OrdinalIgnoreCase);
}
