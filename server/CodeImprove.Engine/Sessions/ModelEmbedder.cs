using CodeImprove.Inference;
using CodeImprove.Memory.Embeddings;

namespace CodeImprove.Engine.Sessions;

/// <summary>
/// Episode retrieval through a GGUF embedding model (model.embeddingModelPath) instead of the built-in hashing embedder.
/// The embedding space is named by the file's name, size and the vector length, so the store re-embeds its episodes when
/// the model changes. Code longer than the model's context is embedded by its start.
/// </summary>
internal sealed class ModelEmbedder : IEmbedder, IAsyncDisposable
{
    private const int ContextTokens = 2048;

    private readonly IModel _model;

    private ModelEmbedder(IModel model, string id, int dimension)
    {
        _model = model;
        Id = id;
        Dimension = dimension;
    }

    public string Id { get; }

    public int Dimension { get; }

    /// <exception cref="ModelException">The file cannot be loaded, or gives no pooled embedding.</exception>
    public static async Task<ModelEmbedder> OpenAsync(string path, int gpuLayers, CancellationToken cancellationToken)
    {
        var model = await ModelFactory.CreateAsync(new ModelOptions { Path = path, Embeddings = true, ContextSize = ContextTokens, GpuLayers = gpuLayers },
            cancellationToken: cancellationToken);
        try
        {
            var probe = await model.EmbedAsync("int x = 1;", cancellationToken);
            return new ModelEmbedder(model, $"gguf:{Path.GetFileName(path)}:{new FileInfo(path).Length}/{probe.Length}", probe.Length);
        }
        catch
        {
            await model.DisposeAsync();
            throw;
        }
    }

    public async ValueTask<float[]> EmbedAsync(string text, CancellationToken cancellationToken)
    {
        try
        {
            return await _model.EmbedAsync(text, cancellationToken);
        }
        catch (PromptTooLongException e)
        {
            // Keep the share of the text that fits, with room for the special tokens.
            var keep = (int)(text.Length * (e.ContextSize - 8) / (double)e.PromptTokens);
            return await _model.EmbedAsync(text[..Math.Max(0, keep)], cancellationToken);
        }
    }

    public ValueTask DisposeAsync() => _model.DisposeAsync();
}
