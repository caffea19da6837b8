using CodeImprove.Inference.Llama;
using CodeImprove.Inference.Tests.Gguf;

namespace CodeImprove.Inference.Tests.Llama;

/// <summary>Loading and decoding a random-weight llama GGUF the test writes itself (no ../shared needed).</summary>
public sealed class TinyModelTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("codeimprove-tiny-");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => folder.Delete(recursive: true);

    private string File(string name) => Path.Combine(folder.FullName, name);

    private static Task<LlamaModel> LoadAsync(string path, bool embeddings = false) =>
        LlamaModel.LoadAsync(new ModelOptions { Path = path, Device = ModelDevice.Cpu, Embeddings = embeddings });

    [Fact]
    public async Task Loads_and_decodes_deterministically()
    {
        var path = TinyLlamaFile.Write(File("tiny.gguf"));
        await using var model = await LoadAsync(path);

        var first = await model.StreamCompletionAsync("hello world", SamplingSettings.Greedy with { MaxTokens = 16 }, Token).CollectAsync();
        var stats = model.LastGeneration!;
        await model.ClearPromptCacheAsync();
        var second = await model.StreamCompletionAsync("hello world", SamplingSettings.Greedy with { MaxTokens = 16 }, Token).CollectAsync();

        Assert.Equal(first, second);
        Assert.Equal(model.Tokenize("hello world").Length, stats.PromptTokens);
        Assert.InRange(stats.GeneratedTokens, 1, 16);
        Assert.Equal(stats.GeneratedTokens == 16 ? FinishReason.Length : FinishReason.Stop, stats.FinishReason);
        Assert.Equal("tiny.gguf", model.Description.Name);
        Assert.StartsWith("CPU (", model.Description.Device);
    }

    [Fact]
    public async Task Different_weights_give_different_text()
    {
        await using var one = await LoadAsync(TinyLlamaFile.Write(File("one.gguf"), seed: 1));
        await using var two = await LoadAsync(TinyLlamaFile.Write(File("two.gguf"), seed: 2));
        var greedy = SamplingSettings.Greedy with { MaxTokens = 16 };

        Assert.NotEqual(
            await one.StreamCompletionAsync("hello", greedy, Token).CollectAsync(),
            await two.StreamCompletionAsync("hello", greedy, Token).CollectAsync());
    }

    [Fact]
    public async Task The_context_is_capped_at_the_trained_length_and_generation_stops_when_it_is_full()
    {
        await using var model = await LlamaModel.LoadAsync(new ModelOptions { Path = TinyLlamaFile.Write(File("tiny.gguf")), Device = ModelDevice.Cpu, ContextSize = 4096 });
        var prompt = string.Join(" ", Enumerable.Repeat("abc", 20));

        await model.StreamCompletionAsync(prompt, SamplingSettings.Greedy with { MaxTokens = 1000 }, Token).CollectAsync();

        Assert.Equal(TinyLlamaFile.TrainedContext, model.ContextSize);
        var stats = model.LastGeneration!;
        Assert.True(stats.FinishReason is FinishReason.ContextFull or FinishReason.Stop, stats.ToString());
        Assert.True(stats.PromptTokens + stats.GeneratedTokens <= TinyLlamaFile.TrainedContext);
    }

    [Fact]
    public async Task A_model_chat_template_formats_the_prompt()
    {
        await using var model = await LoadAsync(TinyLlamaFile.Write(File("chat.gguf"), chatTemplate: TinyLlamaFile.ChatMlTemplate));
        ChatMessage[] messages = [ChatMessage.System("be brief"), ChatMessage.User("hi")];

        await model.StreamChatAsync(messages, SamplingSettings.Greedy with { MaxTokens = 2 }, Token).CollectAsync();

        Assert.Equal("the model's chat template", model.ChatFormat);
        var expected = "<|im_start|>system\nbe brief<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n";
        Assert.Equal(model.Tokenize(expected).Length, model.LastGeneration!.PromptTokens);
    }

    [Fact]
    public async Task An_unrecognised_chat_template_falls_back_to_the_transcript()
    {
        await using var model = await LoadAsync(TinyLlamaFile.Write(File("odd.gguf"), chatTemplate: "{{ messages | tojson }}"));

        Assert.Contains("fallback", model.ChatFormat);
    }

    [Fact]
    public async Task Embeddings_are_pooled_unit_vectors_that_depend_on_the_text()
    {
        await using var model = await LoadAsync(TinyLlamaFile.Write(File("embed.gguf")), embeddings: true);

        var a = await model.EmbedAsync("hello world", Token);
        var aAgain = await model.EmbedAsync("hello world", Token);
        var b = await model.EmbedAsync("quiet night", Token);

        Assert.Equal(TinyLlamaFile.Width, a.Length);
        Assert.Equal(1.0, Math.Sqrt(a.Sum(v => (double)v * v)), 4);
        Assert.Equal(a, aAgain);
        Assert.NotEqual(a, b);
        await Assert.ThrowsAsync<ModelException>(() => model.StreamCompletionAsync("x", SamplingSettings.Greedy, Token).CollectAsync());
    }
}
