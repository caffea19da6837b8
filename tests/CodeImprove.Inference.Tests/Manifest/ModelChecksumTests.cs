using System.Security.Cryptography;
using CodeImprove.Inference.Manifest;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeImprove.Inference.Tests.Manifest;

public sealed class ModelChecksumTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("codeimprove-sha-");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => folder.Delete(recursive: true);

    private string Cache => Path.Combine(folder.FullName, "cache");

    private string WriteModel(string name, byte[] bytes)
    {
        var path = Path.Combine(folder.FullName, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static ModelManifest ManifestWith(string file, string? sha256) =>
        new([new ManifestModel("m", "Model", file, new Uri("https://example.invalid/m.gguf"), 4, sha256, "MIT")]);

    [Fact]
    public async Task A_matching_file_is_verified()
    {
        byte[] bytes = [1, 2, 3, 4];
        var path = WriteModel("m.gguf", bytes);
        var checksum = new ModelChecksum(ManifestWith("M.GGUF", Convert.ToHexStringLower(SHA256.HashData(bytes))), Cache, NullLogger.Instance);

        Assert.Equal(ChecksumOutcome.Verified, await checksum.VerifyAsync(path, Token));
    }

    [Fact]
    public async Task A_damaged_file_names_the_file_and_the_download_command()
    {
        var path = WriteModel("m.gguf", [1, 2, 3, 4]);
        var checksum = new ModelChecksum(ManifestWith("m.gguf", new string('0', 64)), Cache, NullLogger.Instance);

        var error = await Assert.ThrowsAsync<ModelException>(() => checksum.VerifyAsync(path, Token));

        Assert.Contains(path, error.Message);
        Assert.Contains("models/download.sh m", error.Message);
    }

    [Fact]
    public async Task The_hash_is_computed_once_and_again_when_the_file_changes()
    {
        var path = WriteModel("m.gguf", [1, 2, 3, 4]);
        var checksum = new ModelChecksum(ManifestWith("m.gguf", null), Cache, NullLogger.Instance);
        var first = await checksum.HashAsync(path, Token);

        // Poison the cached value: an unchanged file must be answered from the cache, not re-hashed.
        var cacheFile = Assert.Single(Directory.GetFiles(Cache));
        await File.WriteAllTextAsync(cacheFile, (await File.ReadAllTextAsync(cacheFile, Token)).Replace(first, "cached"), Token);
        Assert.Equal("cached", await checksum.HashAsync(path, Token));

        await File.WriteAllBytesAsync(path, [9, 9, 9, 9, 9], Token);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([9, 9, 9, 9, 9])), await checksum.HashAsync(path, Token));
        Assert.Equal(ChecksumOutcome.NoExpectedHash, await checksum.VerifyAsync(path, Token));
    }

    [Fact]
    public async Task Files_outside_the_manifest_are_not_checked()
    {
        var checksum = new ModelChecksum(ManifestWith("other.gguf", null), Cache, NullLogger.Instance);

        Assert.Equal(ChecksumOutcome.NotInManifest, await checksum.VerifyAsync(WriteModel("mine.gguf", [1]), Token));
        Assert.False(Directory.Exists(Cache));
    }

    [Fact]
    public void The_repository_manifest_loads_and_lists_the_recommended_models()
    {
        var manifest = ModelManifest.Load(ModelManifest.DefaultPath);

        Assert.Contains(manifest.Models, m => m.File == "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf" && m.Url.Host == "huggingface.co");
        Assert.Contains(manifest.Models, m => m.File == "qwen2.5-coder-7b-instruct-q4_k_m.gguf");
        Assert.All(manifest.Models, m => Assert.True(m.Sha256 is null || m.Sha256.Length == 64));
    }
}
