namespace CodeImprove.Engine;

/// <summary>A request the engine cannot serve, with a reason the user can act on.</summary>
public class EngineException(string message) : Exception(message);

/// <summary>Another improvement of the same document is running (one per document at a time).</summary>
public sealed class ImproveBusyException(string path)
    : EngineException($"an improvement of '{path}' is already running; wait for it or cancel it");

/// <summary>The proposal does not exist (never made, already decided, or forgotten after a restart).</summary>
public sealed class ProposalNotFoundException(string proposalId)
    : EngineException($"no open proposal '{proposalId}': it was already accepted or rejected, or the server restarted");

/// <summary>The document changed where the proposal edits since the proposal was computed.</summary>
public sealed class StaleProposalException(string message) : EngineException(message);

/// <summary>The smallest prompt for the target code (no examples, no signatures) does not fit the model's context window.</summary>
public sealed class TargetTooLargeException(int targetTokens, int promptTokens, int available)
    : EngineException($"the smallest prompt for this code takes {promptTokens} tokens ({targetTokens} of them the code itself) but may use at most " +
                      $"{Math.Max(0, available)} (model.contextSize minus model.maxTokens); select a smaller region, lower model.maxTokens or raise model.contextSize")
{
    public int TargetTokens { get; } = targetTokens;
    public int PromptTokens { get; } = promptTokens;
    public int Available { get; } = available;
}
