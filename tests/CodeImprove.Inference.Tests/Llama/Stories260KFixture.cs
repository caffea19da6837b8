using CodeImprove.Inference.Llama;
using CodeImprove.Tests;

namespace CodeImprove.Inference.Tests.Llama;

/// <summary>stories260K.gguf from ../shared (a trained 260K-parameter llama), loaded once per test class on the CPU.</summary>
public sealed class Stories260KFixture : IAsyncLifetime
{
    private LlamaModel? model;

    public LlamaModel Model => model ?? throw new InvalidOperationException("not loaded");

    public static string Path => TestPaths.RequireShared("models/stories260K.gguf");

    public async ValueTask InitializeAsync()
    {
        var path = System.IO.Path.Combine(TestPaths.SharedModelsDir, "stories260K.gguf");
        if (File.Exists(path))
        {
            model = await LlamaModel.LoadAsync(new ModelOptions { Path = path, ContextSize = 256, Device = ModelDevice.Cpu });
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (model is not null)
        {
            await model.DisposeAsync();
        }
    }
}

internal static class ModelStreams
{
    public static async Task<string> CollectAsync(this IAsyncEnumerable<string> stream)
    {
        var text = new System.Text.StringBuilder();
        await foreach (var chunk in stream)
        {
            text.Append(chunk);
        }
        return text.ToString();
    }
}
