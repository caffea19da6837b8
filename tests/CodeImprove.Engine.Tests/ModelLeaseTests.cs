using System.Runtime.CompilerServices;
using CodeImprove.Engine.Sessions;
using CodeImprove.Inference;
using CodeImprove.Inference.Llama;
using CodeImprove.Tests;
using static CodeImprove.Engine.Tests.EngineFixture;

namespace CodeImprove.Engine.Tests;

/// <summary>
/// A model reload while a run streams: the run keeps the model it leased (the real llama.cpp runtime with stories260K,
/// paused mid-stream by the test), the old model is disposed only after the run ends, and the next run gets the new one.
/// </summary>
public sealed class ModelLeaseTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reload_during_a_streaming_run_disposes_the_old_model_only_after_the_run_and_the_next_run_uses_the_new_one()
    {
        var real = await LlamaModel.LoadAsync(new ModelOptions { Path = TestPaths.RequireShared("models/stories260K.gguf"), ContextSize = 0, Device = ModelDevice.Cpu }, cancellationToken: Token);
        var paused = new PausingModel(real);
        await using var fixture = await CreateAsync();
        await using var slot = new ModelSlot(paused);
        var options = Options(maxCycles: 1, maxReflect: 0);
        options = options with { Model = options.Model with { MaxTokens = 32 }, Loop = options.Loop with { Examples = 0 } };
        var engine = new ImproveEngine(new EngineDependencies { Analysis = fixture.Analysis, Options = options, Models = slot, Memory = fixture.Memory, WorkspaceRoot = fixture.Root, Seed = 7 });

        var running = engine.ImproveAsync(fixture.Request(), cancellationToken: Token);
        await paused.Streaming.Task.WaitAsync(TimeSpan.FromSeconds(60), Token);
        var retired = slot.Swap(new ScriptedModel(4096, Fenced(Flatter), "DONE"));
        Assert.False(retired.IsCompleted); // the run still holds the old model
        Assert.False(paused.Disposed);
        paused.Resume.SetResult();          // the stream goes on in native code on the old model

        var first = await running;
        await retired.WaitAsync(TimeSpan.FromSeconds(30), Token);
        Assert.True(paused.Disposed);
        Assert.True(paused.ChunksAfterSwap > 0, "the run kept streaming from the leased model");
        Assert.Null(first.Proposal); // stories260K writes stories, never C#

        var second = await engine.ImproveAsync(fixture.Request(), cancellationToken: Token);
        Assert.NotNull(second.Proposal);
        Assert.Contains("total += value;", second.Proposal.ImprovedCode);
    }

    /// <summary>The real model, paused after its first chunk until the test resumes it; counts what it streams after that.</summary>
    private sealed class PausingModel(IModel inner) : IModel
    {
        public TaskCompletionSource Streaming { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Resume { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool Disposed { get; private set; }
        public int ChunksAfterSwap { get; private set; }

        public ModelDescription Description => inner.Description;
        public int ContextSize => inner.ContextSize;

        public async IAsyncEnumerable<string> StreamChatAsync(IReadOnlyList<ChatMessage> messages, SamplingSettings sampling,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var chunk in inner.StreamChatAsync(messages, sampling, cancellationToken))
            {
                if (Streaming.TrySetResult())
                {
                    await Resume.Task.WaitAsync(cancellationToken);
                }
                else
                {
                    ChunksAfterSwap++;
                }
                yield return chunk;
            }
        }

        public IAsyncEnumerable<string> StreamCompletionAsync(string prompt, SamplingSettings sampling, CancellationToken cancellationToken = default) =>
            inner.StreamCompletionAsync(prompt, sampling, cancellationToken);

        public ValueTask<int> CountTokensAsync(string text, CancellationToken cancellationToken = default) => inner.CountTokensAsync(text, cancellationToken);

        public ValueTask<float[]> EmbedAsync(string text, CancellationToken cancellationToken = default) => inner.EmbedAsync(text, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            Disposed = true;
            await inner.DisposeAsync();
        }
    }
}
