using CodeImprove.Inference.Llama;
using CodeImprove.Inference.Tests.Gguf;

namespace CodeImprove.Inference.Tests.Llama;

/// <summary>The load failures users hit, each with a message that names the file and the fix.</summary>
public sealed class ModelLoadErrorTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("codeimprove-bad-");

    public void Dispose() => folder.Delete(recursive: true);

    private string File(string name) => Path.Combine(folder.FullName, name);

    private static async Task<ModelException> LoadFailsAsync(string? path)
    {
        var error = await Assert.ThrowsAsync<ModelException>(() => LlamaModel.LoadAsync(new ModelOptions { Path = path, Device = ModelDevice.Cpu }));
        if (path is not null)
        {
            Assert.Contains(Path.GetFileName(path), error.Message);
        }
        return error;
    }

    [Fact]
    public async Task No_path_configured()
    {
        var error = await LoadFailsAsync(null);

        Assert.Contains("model.path", error.Message);
    }

    [Fact]
    public async Task Missing_file()
    {
        var error = await LoadFailsAsync(File("absent.gguf"));

        Assert.Contains("not found", error.Message);
        Assert.Contains("models/download.sh", error.Message);
    }

    [Fact]
    public async Task A_file_that_is_not_gguf()
    {
        var path = File("weights.safetensors");
        await System.IO.File.WriteAllTextAsync(path, "{\"__metadata__\": {}}", TestContext.Current.CancellationToken);

        var error = await LoadFailsAsync(path);

        Assert.Contains("not a GGUF model file", error.Message);
        Assert.Contains("convert", error.Message);
    }

    [Fact]
    public async Task A_file_truncated_inside_its_header()
    {
        var path = TinyLlamaFile.Write(File("cut-header.gguf"));
        Truncate(path, 300);

        var error = await LoadFailsAsync(path);

        Assert.Contains("truncated", error.Message);
        Assert.Contains("download it again", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_file_truncated_inside_its_weights()
    {
        var path = TinyLlamaFile.Write(File("cut-weights.gguf"));
        Truncate(path, new FileInfo(path).Length - 4096);

        var error = await LoadFailsAsync(path);

        Assert.Contains("llama.cpp could not load", error.Message);
        Assert.Contains("download it again", error.Message);
    }

    [Fact]
    public async Task An_unsupported_architecture()
    {
        var path = TinyLlamaFile.Write(File("future.gguf"), architecture: "futurenet");

        var error = await LoadFailsAsync(path);

        Assert.Contains("'futurenet'", error.Message);
        Assert.Contains("does not support", error.Message);
    }

    [Fact]
    public void A_model_larger_than_free_memory_is_refused_before_loading()
    {
        var error = Assert.Throws<ModelException>(() =>
            MemoryBudget.EnsureFits("/models/big.gguf", weightBytes: 8L << 30, kvCacheBytes: 1L << 30, availableBytes: 4L << 30));

        Assert.Contains("big.gguf", error.Message);
        Assert.Contains("needs about 9.3 GiB", error.Message); // 8 + 1 + 0.25 overhead
        Assert.Contains("4.0 GiB", error.Message);
        MemoryBudget.EnsureFits("/models/small.gguf", 1L << 30, 1L << 28, availableBytes: 4L << 30);
    }

    [Fact]
    public void The_kv_cache_estimate_follows_the_model_shape()
    {
        var path = TinyLlamaFile.Write(File("tiny.gguf"));

        // 2 (K and V) x 2 bytes (F16) x 2 layers x 100 tokens x (32 wide x 2 of 4 heads)
        Assert.Equal(2 * 2 * 2 * 100 * 16, MemoryBudget.EstimateKvCacheBytes(GgufHeader.Read(path), 100));
    }

    private static void Truncate(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.Open);
        stream.SetLength(length);
    }
}
