using System.Globalization;

namespace CodeImprove.Inference.Llama;

/// <summary>
/// Refuses a model that cannot fit in free RAM before llama.cpp tries: a memory-mapped model larger than memory
/// "loads" and then pages for minutes per token, and an allocation failure can end the process.
/// </summary>
internal static class MemoryBudget
{
    private const long Overhead = 256L << 20; // compute buffers and the runtime

    /// <summary>Bytes of KV cache (F16 keys and values) for <paramref name="contextSize"/> tokens, from the GGUF hyperparameters.</summary>
    public static long EstimateKvCacheBytes(GgufHeader header, int contextSize)
    {
        var layers = header.GetArchInteger("block_count") ?? 0;
        var embedding = header.GetArchInteger("embedding_length") ?? 0;
        var heads = header.GetArchInteger("attention.head_count") ?? 1;
        var kvHeads = header.GetArchInteger("attention.head_count_kv") ?? heads;
        var kvWidth = heads > 0 ? embedding * kvHeads / heads : embedding;
        return 2L * 2 * layers * contextSize * kvWidth;
    }

    public static void EnsureFits(string path, long weightBytes, long kvCacheBytes, long? availableBytes)
    {
        var needed = weightBytes + kvCacheBytes + Overhead;
        if (availableBytes is { } available && needed > available)
        {
            throw new ModelException(
                $"{Path.GetFileName(path)} needs about {Gib(needed)} of memory (weights {Gib(weightBytes)}, KV cache {Gib(kvCacheBytes)}) " +
                $"but only {Gib(available)} is available ({path}). Use a smaller model or quantization (e.g. Q4_K_M), " +
                "lower model.contextSize, offload layers to a GPU, or point model.endpoint to a server with more memory.");
        }
    }

    /// <summary>Free memory for this process: MemAvailable, capped by a cgroup limit; null where unknown.</summary>
    public static long? AvailableBytes()
    {
        long? available = ReadMemInfoAvailable();
        var limit = ReadCgroupNumber("/sys/fs/cgroup/memory.max");
        var used = ReadCgroupNumber("/sys/fs/cgroup/memory.current");
        if (limit is { } max && used is { } current)
        {
            available = Math.Min(available ?? long.MaxValue, max - current);
        }
        return available;
    }

    private static long? ReadMemInfoAvailable()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    private static long? ReadCgroupNumber(string path)
    {
        try
        {
            return long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null; // "max" = none
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Gib(long bytes) => $"{bytes / (double)(1L << 30):0.0} GiB";
}
