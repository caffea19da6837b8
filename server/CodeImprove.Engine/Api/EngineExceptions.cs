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
public sealed class TargetTooLargeException(int targetTokens, int promptTokens, int available, int replyTokens, int contextSize, int? trainedContextSize)
    : EngineException($"the smallest prompt for this code takes {promptTokens} tokens ({targetTokens} of them the code itself) but may use at most " +
                      $"{Math.Max(0, available)}: the model's context is {contextSize} tokens and {replyTokens} are kept for the reply; " +
                      $"select a smaller region (about {Math.Max(0, available - (promptTokens - targetTokens))} tokens of code fit)" +
                      (trainedContextSize is { } trained
                          ? trained > contextSize
                              ? $", or raise model.contextSize (the model was trained on {trained} tokens)"
                              : $"; the model was trained on {trained} tokens, so a larger model.contextSize cannot help"
                          : ", or raise model.contextSize if the model takes more"))
{
    public int TargetTokens { get; } = targetTokens;
    public int PromptTokens { get; } = promptTokens;
    public int Available { get; } = available;
}

/// <summary>The chosen hunks of a proposal do not compile without the others; nothing was applied.</summary>
public sealed class SubsetDoesNotCompileException(string proposalId, IReadOnlyList<int> hunkIds, int hunkCount, IReadOnlyList<string> errors)
    : EngineException($"hunks {string.Join(", ", hunkIds)} of {hunkCount} of proposal {proposalId} do not compile without the others: " +
                      $"{string.Join("; ", errors)}; accept them together with the hunks they need, or all of them")
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>A request names something that is not there or not allowed (a bad mode, an unknown hunk): the caller's mistake.</summary>
public sealed class InvalidArgumentException(string message) : EngineException(message);

/// <summary>The server's copy of a document no longer matches the editor's; it must not be improved or edited until it is resent.</summary>
public sealed class DocumentUnsynchronizedException(string message) : EngineException(message);

/// <summary>The configured model could not be opened; the message names the setting to fix.</summary>
public sealed class ModelLoadException(string message) : EngineException(message);
