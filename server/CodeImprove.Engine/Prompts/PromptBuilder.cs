using System.Text;
using CodeImprove.Engine.Candidates;
using CodeImprove.Engine.Strategies;
using CodeImprove.Inference;
using CodeImprove.Memory;

namespace CodeImprove.Engine.Prompts;

/// <summary>What a generation prompt is made of, before fitting it to the context window.</summary>
internal sealed record PromptInput(
    Strategy Strategy,
    string? Instruction,
    CodeTarget Target,
    IReadOnlyList<string> Diagnostics,
    IReadOnlyList<string> Signatures,
    IReadOnlyList<SimilarEpisode> Examples);

/// <summary>A conversation that fits the context with the reply's tokens reserved; says what had to be left out.</summary>
internal sealed record Prompt(IReadOnlyList<ChatMessage> Messages, int Tokens, int ExamplesUsed, bool SignaturesUsed);

/// <summary>
/// Builds the prompts of the loop and fits them into the model's context window, counting tokens with the model itself:
/// examples go first, then the type's signatures; a target that does not fit alone is refused, never cut.
/// </summary>
internal sealed class PromptBuilder(IModel model, int replyTokens)
{
    /// <summary>Reply tokens for a rewrite of the target: its own size with a margin, plus the explanation, within model.maxTokens and half the context.</summary>
    public static async Task<int> ReplyBudgetAsync(IModel model, string code, int maxTokens, CancellationToken cancellationToken)
    {
        var codeTokens = await model.CountTokensAsync(code, cancellationToken);
        var wanted = (int)Math.Ceiling(codeTokens * 1.5) + 96;
        return Math.Clamp(Math.Min(wanted, maxTokens), 16, Math.Max(16, model.ContextSize / 2));
    }

    private const int MessageOverheadTokens = 8;

    public int Available => model.ContextSize - replyTokens;

    public Task<Prompt> BuildAsync(PromptInput input, CancellationToken cancellationToken) =>
        FitAsync(input, [], cancellationToken);

    /// <summary>The generation prompt followed by the model's candidate and the analysis of it, asking to revise or say DONE.</summary>
    public Task<Prompt> BuildReflectionAsync(PromptInput input, string candidateReply, string feedback, CancellationToken cancellationToken) =>
        FitAsync(input,
        [
            ChatMessage.Assistant(candidateReply),
            ChatMessage.User(feedback + "\n\nIf the candidate is correct and better than the original, reply with the single word DONE. " +
                             $"Otherwise reply with the complete revised {Kind(input.Target)} in one ```csharp code block."),
        ], cancellationToken);

    private async Task<Prompt> FitAsync(PromptInput input, IReadOnlyList<ChatMessage> tail, CancellationToken cancellationToken)
    {
        var attempts = Enumerable.Range(0, input.Examples.Count + 1).Reverse().Select(n => (Examples: n, Signatures: input.Signatures.Count > 0))
            .Append((Examples: 0, Signatures: false));
        var tokens = 0;
        foreach (var (examples, signatures) in attempts)
        {
            List<ChatMessage> messages = [ChatMessage.System(SystemText(input.Target)), ChatMessage.User(UserText(input, examples, signatures)), .. tail];
            tokens = await CountAsync(messages, cancellationToken);
            if (tokens <= Available)
            {
                return new Prompt(messages, tokens, examples, signatures);
            }
        }
        throw new TargetTooLargeException(await model.CountTokensAsync(input.Target.Code, cancellationToken), tokens, Available, replyTokens,
            model.ContextSize, model.Description.TrainedContextSize);
    }

    private async Task<int> CountAsync(IEnumerable<ChatMessage> messages, CancellationToken cancellationToken)
    {
        var total = 0;
        foreach (var message in messages)
        {
            total += MessageOverheadTokens + await model.CountTokensAsync(message.Content, cancellationToken);
        }
        return total;
    }

    private static string SystemText(CodeTarget target) =>
        $"You improve C# code. Reply with the complete rewritten {Kind(target)} in one ```csharp code block, " +
        "then one line starting with 'Explanation:'. The code must compile; use only members that exist.";

    private static string UserText(PromptInput input, int examples, bool signatures)
    {
        var text = new StringBuilder();
        text.Append("Task: ").Append(input.Strategy.Recipe).Append('\n');
        if (!string.IsNullOrWhiteSpace(input.Instruction))
        {
            text.Append("Request: ").Append(input.Instruction.Trim()).Append('\n');
        }
        if (input.Diagnostics.Count > 0)
        {
            text.Append("Diagnostics in this code:\n");
            foreach (var diagnostic in input.Diagnostics)
            {
                text.Append("- ").Append(diagnostic).Append('\n');
            }
        }
        if (signatures)
        {
            text.Append("The surrounding type (other members, bodies omitted):\n");
            foreach (var line in input.Signatures)
            {
                text.Append(line).Append('\n');
            }
        }
        foreach (var example in input.Examples.Take(examples))
        {
            text.Append("Example of an accepted improvement (").Append(example.Strategy).Append("):\nBefore:\n")
                .Append(Fenced(example.OriginalCode)).Append("After:\n").Append(Fenced(example.FinalCode ?? "")).Append('\n');
        }
        text.Append($"Rewrite {input.Target.Describe}:\n").Append(Fenced(input.Target.Code));
        return text.ToString();
    }

    private static string Fenced(string code) => "```csharp\n" + code.TrimEnd() + "\n```\n";

    private static string Kind(CodeTarget target) => target.IsMember ? "member" : "statements";
}
