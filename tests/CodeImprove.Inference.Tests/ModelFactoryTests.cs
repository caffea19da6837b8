using CodeImprove.Inference.Llama;
using CodeImprove.Inference.Manifest;
using CodeImprove.Inference.Tests.Gguf;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeImprove.Inference.Tests;

public sealed class ModelFactoryTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("codeimprove-factory-");

    public void Dispose() => folder.Delete(recursive: true);

    [Fact]
    public async Task A_gguf_path_opens_an_in_process_model()
    {
        var path = TinyLlamaFile.Write(Path.Combine(folder.FullName, "tiny.gguf"));
        var noManifest = new ModelChecksum(new ModelManifest([]), folder.FullName, NullLogger.Instance);

        await using var model = await ModelFactory.CreateAsync(new ModelOptions { Path = path, Device = ModelDevice.Cpu }, checksum: noManifest);

        Assert.IsType<LlamaModel>(model);
    }

    [Fact]
    public async Task A_model_path_linked_to_a_device_is_refused_at_once_instead_of_hashed_forever()
    {
        var link = Path.Combine(folder.FullName, "qwen.gguf");
        File.CreateSymbolicLink(link, "/dev/zero");
        var manifest = new ModelManifest([new ManifestModel("qwen", "Qwen", "qwen.gguf", new Uri("https://example.invalid/q.gguf"), 1, new string('a', 64), "Apache-2.0")]);
        var checksum = new ModelChecksum(manifest, folder.FullName, NullLogger.Instance);

        var error = await Assert.ThrowsAsync<ModelException>(() => ModelFactory.CreateAsync(new ModelOptions { Path = link, Device = ModelDevice.Cpu }, checksum: checksum)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains("not a regular file", error.Message);
    }

    [Fact]
    public async Task A_manifest_model_with_the_wrong_bytes_is_refused_before_loading()
    {
        var path = TinyLlamaFile.Write(Path.Combine(folder.FullName, "qwen.gguf"));
        var manifest = new ModelManifest([new ManifestModel("qwen", "Qwen", "qwen.gguf", new Uri("https://example.invalid/q.gguf"), 1, new string('a', 64), "Apache-2.0")]);

        var error = await Assert.ThrowsAsync<ModelException>(() => ModelFactory.CreateAsync(new ModelOptions { Path = path, Device = ModelDevice.Cpu },
            checksum: new ModelChecksum(manifest, folder.FullName, NullLogger.Instance)));

        Assert.Contains("download it again", error.Message);
    }

    [Fact]
    public async Task Both_a_path_and_an_endpoint_is_an_error()
    {
        var error = await Assert.ThrowsAsync<ModelException>(() =>
            ModelFactory.CreateAsync(new ModelOptions { Path = "m.gguf", Endpoint = new Uri("http://127.0.0.1:1/v1") }));

        Assert.Contains("keep one", error.Message);
    }
}
