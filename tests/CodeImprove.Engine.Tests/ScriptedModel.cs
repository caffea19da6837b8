using System.Runtime.CompilerServices;
using CodeImprove.Inference;

namespace CodeImprove.Engine.Tests;

/// <summary>
/// Test double for a code model (a real one is too large for this machine): replies come from a script, one per call,
/// so the loop runs deterministically. Tokens are counted as 4 characters each. A reply may be null to block until the
/// call is cancelled (the emergency-stop test).
/// </summary>
internal sealed class ScriptedModel(int contextSize, params string?[] replies) : IModel
{
    private readonly Queue<string?> _replies = new(replies);

    public List<IReadOnlyList<ChatMessage>> Conversations { get; } = [];

    /// <summary>Used once the script runs out (null: block until cancelled).</summary>
    public string? Fallback { get; init; } = "DONE";

    public TaskCompletionSource Blocked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When set, the first reply waits for it after <see cref="Generating"/> is signalled: the test acts mid-generation.</summary>
    public Task? Gate { get; init; }

    public TaskCompletionSource Generating { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ModelDescription Description { get; } = new("scripted-test-double", "none", contextSize);

    public int ContextSize => contextSize;

    public async IAsyncEnumerable<string> StreamChatAsync(IReadOnlyList<ChatMessage> messages, SamplingSettings sampling,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Conversations.Add(messages);
        var reply = _replies.Count > 0 ? _replies.Dequeue() : Fallback;
        if (Gate is { } gate && Generating.TrySetResult())
        {
            await gate.WaitAsync(cancellationToken);
        }
        if (reply is null)
        {
            Blocked.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        foreach (var line in reply!.Split('\n'))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return line + "\n";
        }
    }

    public IAsyncEnumerable<string> StreamCompletionAsync(string prompt, SamplingSettings sampling, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the engine uses chat only");

    public ValueTask<int> CountTokensAsync(string text, CancellationToken cancellationToken = default) => ValueTask.FromResult((text.Length + 3) / 4);

    public ValueTask<float[]> EmbedAsync(string text, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("memory embeds with its own embedder");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
