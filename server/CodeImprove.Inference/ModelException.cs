namespace CodeImprove.Inference;

/// <summary>A model problem a user can act on; the message names the file or endpoint and the fix.</summary>
public class ModelException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The prompt leaves no room in the context for a reply (it is never truncated silently).</summary>
public sealed class PromptTooLongException(int promptTokens, int contextSize)
    : ModelException($"the prompt takes {promptTokens} tokens but the context holds {contextSize} including the reply; " +
                     "shorten the prompt or raise model.contextSize")
{
    public int PromptTokens { get; } = promptTokens;
    public int ContextSize { get; } = contextSize;
}
