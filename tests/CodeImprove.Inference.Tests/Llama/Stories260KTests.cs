using CodeImprove.Inference.Llama;

namespace CodeImprove.Inference.Tests.Llama;

/// <summary>Real llama.cpp inference on a trained tiny model (real tokenizer, real sampling, real KV cache).</summary>
public sealed class Stories260KTests(Stories260KFixture fixture) : IClassFixture<Stories260KFixture>
{
    private const string Story = "Once upon a time";
    private const string Continuation = ", there was a little girl named Lily";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private LlamaModel Model
    {
        get
        {
            _ = Stories260KFixture.Path; // skips with the reason when ../shared is absent
            return fixture.Model;
        }
    }

    [Fact]
    public async Task Greedy_continuation_matches_llama_cpp()
    {
        var text = await Model.StreamCompletionAsync(Story, SamplingSettings.Greedy with { MaxTokens = 24 }, Token).CollectAsync();

        Assert.StartsWith(Continuation, text);
        Assert.Equal(FinishReason.Length, Model.LastGeneration!.FinishReason);
        Assert.Equal(24, Model.LastGeneration.GeneratedTokens);
    }

    [Fact]
    public async Task A_prompt_extending_the_previous_one_decodes_only_the_new_tokens_and_gives_the_same_output()
    {
        var first = Story + Continuation + ".";
        var second = first + " She loved to play";
        var greedy = SamplingSettings.Greedy with { MaxTokens = 20 };
        await Model.ClearPromptCacheAsync();
        await Model.StreamCompletionAsync(first, greedy, Token).CollectAsync();

        var reusedText = await Model.StreamCompletionAsync(second, greedy, Token).CollectAsync();
        var reused = Model.LastGeneration!;
        await Model.ClearPromptCacheAsync();
        var freshText = await Model.StreamCompletionAsync(second, greedy, Token).CollectAsync();
        var fresh = Model.LastGeneration!;

        Assert.Equal(0, fresh.ReusedPromptTokens);
        Assert.Equal(fresh.PromptTokens, fresh.DecodedPromptTokens);
        // The first prompt, and the generated tokens too where the second prompt repeats them.
        Assert.InRange(reused.ReusedPromptTokens, Model.Tokenize(first).Length, reused.PromptTokens - 1);
        Assert.True(reused.DecodedPromptTokens < fresh.DecodedPromptTokens / 2, $"decoded {reused.DecodedPromptTokens} of {reused.PromptTokens}");
        Assert.Equal(freshText, reusedText);
    }

    [Fact]
    public async Task Repeating_a_prompt_decodes_only_its_last_token()
    {
        var greedy = SamplingSettings.Greedy with { MaxTokens = 5 };
        var first = await Model.StreamCompletionAsync(Story, greedy, Token).CollectAsync();
        var again = await Model.StreamCompletionAsync(Story, greedy, Token).CollectAsync();

        Assert.Equal(1, Model.LastGeneration!.DecodedPromptTokens);
        Assert.Equal(first, again);
    }

    [Fact]
    public async Task Cancelling_stops_at_the_next_token_and_the_model_stays_usable()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var chunks = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Model.StreamCompletionAsync(Story, SamplingSettings.Greedy with { MaxTokens = 200 }, cancel.Token))
            {
                if (++chunks == 3)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        Assert.Equal(3, chunks);
        Assert.Equal(FinishReason.Cancelled, Model.LastGeneration!.FinishReason);
        var text = await Model.StreamCompletionAsync(Story, SamplingSettings.Greedy with { MaxTokens = 12 }, Token).CollectAsync();
        Assert.StartsWith(Continuation, text);
    }

    [Fact]
    public async Task Cancelling_mid_generation_leaves_the_kv_cache_consistent()
    {
        var longPrompt = string.Join(" ", Enumerable.Repeat("Lily went to the park.", 25));
        await Model.ClearPromptCacheAsync();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);

        // Cancelled by the first streamed piece, so the run is stopped inside the decode loop on any machine speed.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Model.StreamCompletionAsync(longPrompt, SamplingSettings.Greedy with { MaxTokens = 200 }, cancel.Token))
            {
                await cancel.CancelAsync();
            }
        });

        var text = await Model.StreamCompletionAsync(Story, SamplingSettings.Greedy with { MaxTokens = 12 }, Token).CollectAsync();
        Assert.StartsWith(Continuation, text);
    }

    [Fact]
    public async Task A_stop_string_ends_the_stream_before_it()
    {
        var text = await Model.StreamCompletionAsync(Story, SamplingSettings.Greedy with { MaxTokens = 40, Stop = ["Lily"] }, Token).CollectAsync();

        Assert.Equal(", there was a little girl named ", text);
        Assert.Equal(FinishReason.Stop, Model.LastGeneration!.FinishReason);
    }

    [Fact]
    public async Task Seeded_sampling_is_repeatable_and_the_seed_matters()
    {
        var hot = new SamplingSettings { Temperature = 1.5f, TopK = 0, TopP = 1, MaxTokens = 40, Seed = 1 };

        var one = await Model.StreamCompletionAsync(Story, hot, Token).CollectAsync();
        var oneAgain = await Model.StreamCompletionAsync(Story, hot, Token).CollectAsync();
        var two = await Model.StreamCompletionAsync(Story, hot with { Seed = 2 }, Token).CollectAsync();

        Assert.Equal(one, oneAgain);
        Assert.NotEqual(one, two);
    }

    [Fact]
    public async Task A_prompt_that_does_not_fit_the_context_is_rejected_not_truncated()
    {
        var longPrompt = string.Join(" ", Enumerable.Repeat("Lily went to the park.", 80));

        var error = await Assert.ThrowsAsync<PromptTooLongException>(() =>
            Model.StreamCompletionAsync(longPrompt, SamplingSettings.Greedy, Token).CollectAsync());

        Assert.Equal(Model.Tokenize(longPrompt).Length, error.PromptTokens);
        Assert.Equal(256, error.ContextSize);
        Assert.Contains("model.contextSize", error.Message);
    }

    [Fact]
    public async Task Chat_without_a_model_template_uses_the_fallback_transcript()
    {
        ChatMessage[] messages = [ChatMessage.System("Tell a story."), ChatMessage.User("Once upon a time")];

        var text = await Model.StreamChatAsync(messages, SamplingSettings.Greedy with { MaxTokens = 8 }, Token).CollectAsync();

        Assert.Contains("fallback", Model.ChatFormat);
        Assert.NotEmpty(text);
        Assert.Equal(Model.Tokenize("System: Tell a story.\n\nUser: Once upon a time\n\nAssistant:").Length, Model.LastGeneration!.PromptTokens);
    }

    [Fact]
    public async Task Token_count_excludes_special_tokens()
    {
        var count = await Model.CountTokensAsync(Story, Token);

        Assert.Equal(Model.Tokenize(Story).Length - 1, count); // Tokenize adds BOS
        Assert.InRange(count, 3, 8);
    }

    [Fact]
    public async Task A_chat_model_refuses_embeddings_with_the_setting_to_change()
    {
        var error = await Assert.ThrowsAsync<ModelException>(() => Model.EmbedAsync("x", Token).AsTask());

        Assert.Contains("embeddingModelPath", error.Message);
    }
}
