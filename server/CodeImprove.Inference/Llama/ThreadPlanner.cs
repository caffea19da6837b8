using System.Globalization;

namespace CodeImprove.Inference.Llama;

/// <summary>
/// Chooses CPU threads from the cores free now. llama.cpp's default (4, whatever the machine) ran stories260K at
/// 1.6 tok/s on 2 busy vCPUs against ~1,100 tok/s with one thread: its workers spin, so oversubscription is ruinous,
/// and for a small model the per-layer synchronisation costs more than the arithmetic it shares.
/// </summary>
internal static class ThreadPlanner
{
    /// <summary>Below this many weight bytes one thread is fastest (measured with `codeimprove bench model`).</summary>
    public const long SmallModelBytes = 64L << 20;

    public static int Choose(int configured, long weightBytes) =>
        Choose(configured, weightBytes, Environment.ProcessorCount, CurrentLoadAverage());

    public static int Choose(int configured, long weightBytes, int processorCount, double loadAverage)
    {
        if (configured > 0)
        {
            return configured;
        }
        if (weightBytes < SmallModelBytes)
        {
            return 1;
        }
        var busy = (int)Math.Round(loadAverage, MidpointRounding.AwayFromZero);
        return Math.Clamp(processorCount - busy, 1, processorCount);
    }

    /// <summary>Runnable processes over the last minute (Linux /proc/loadavg); 0 where unknown.</summary>
    private static double CurrentLoadAverage()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return 0;
        }
    }
}
