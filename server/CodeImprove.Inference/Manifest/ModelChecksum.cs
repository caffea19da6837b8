using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace CodeImprove.Inference.Manifest;

public enum ChecksumOutcome
{
    /// <summary>The file's sha256 equals the manifest's.</summary>
    Verified,

    /// <summary>The manifest lists the file without a sha256; the hash was computed and cached.</summary>
    NoExpectedHash,

    /// <summary>The file is not a manifest model: nothing to check.</summary>
    NotInManifest,
}

/// <summary>
/// Verifies a manifest model's sha256 once: hashing a 5 GB file takes tens of seconds, so the result is cached in
/// <c>cacheDirectory</c> keyed by the file's full path, size and modification time; a changed file is hashed again.
/// </summary>
public sealed class ModelChecksum(ModelManifest manifest, string cacheDirectory, ILogger logger)
{
    public static string DefaultCacheDirectory
    {
        get
        {
            var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var root = !string.IsNullOrEmpty(cache) ? cache : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(root, "codeimprove", "model-checksums");
        }
    }

    /// <summary>Throws <see cref="ModelException"/> when a manifest model's bytes differ from the recorded hash.</summary>
    public async Task<ChecksumOutcome> VerifyAsync(string modelPath, CancellationToken cancellationToken = default)
    {
        if (manifest.Find(modelPath) is not { } entry)
        {
            return ChecksumOutcome.NotInManifest;
        }
        var actual = await HashAsync(modelPath, cancellationToken);
        if (entry.Sha256 is null)
        {
            logger.LogInformation("{File}: models.json records no sha256; its sha256 is {Hash}", modelPath, actual);
            return ChecksumOutcome.NoExpectedHash;
        }
        if (!string.Equals(actual, entry.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelException(
                $"{modelPath} is damaged or not the expected build: its sha256 is {actual} but models.json expects {entry.Sha256} for {entry.Name}. " +
                $"Delete it and download it again (models/download.sh {entry.Id}).");
        }
        return ChecksumOutcome.Verified;
    }

    /// <summary>The cached hash when size and modification time are unchanged, otherwise a fresh one (then cached).</summary>
    internal async Task<string> HashAsync(string modelPath, CancellationToken cancellationToken)
    {
        var file = new FileInfo(modelPath);
        var key = new CacheEntry(file.FullName, file.Length, file.LastWriteTimeUtc.Ticks, "");
        var cachePath = Path.Combine(cacheDirectory,
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(file.FullName)))[..24] + ".json");
        if (File.Exists(cachePath) && JsonSerializer.Deserialize<CacheEntry>(await File.ReadAllTextAsync(cachePath, cancellationToken)) is { } cached &&
            cached with { Sha256 = "" } == key)
        {
            return cached.Sha256;
        }
        logger.LogInformation("computing the sha256 of {File} ({Size} bytes), once", modelPath, file.Length.ToString("N0", CultureInfo.InvariantCulture));
        string hash;
        await using (var stream = new FileStream(modelPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true))
        {
            // At most the size the file system reports: a special file behind a link (/dev/zero) never ends.
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 20];
            for (long left = file.Length; left > 0;)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken);
                if (read == 0)
                {
                    break;
                }
                sha.AppendData(buffer, 0, read);
                left -= read;
            }
            hash = Convert.ToHexStringLower(sha.GetHashAndReset());
        }
        try
        {
            Directory.CreateDirectory(cacheDirectory);
            await File.WriteAllTextAsync(cachePath, JsonSerializer.Serialize(key with { Sha256 = hash }), cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("could not cache the sha256 of {File} in {Cache}: {Reason}", modelPath, cacheDirectory, e.Message);
        }
        return hash;
    }

    private sealed record CacheEntry(string Path, long Size, long ModifiedTicks, string Sha256);
}
