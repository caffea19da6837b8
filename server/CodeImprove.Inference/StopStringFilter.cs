namespace CodeImprove.Inference;

/// <summary>
/// Cuts a text stream before the first stop string, which may arrive split across chunks: text that could still
/// become a stop string is held back until the next chunk decides.
/// </summary>
internal sealed class StopStringFilter(IReadOnlyList<string> stops)
{
    private readonly string[] stops = stops.Where(s => s.Length > 0).ToArray();
    private string pending = "";

    public bool Stopped { get; private set; }

    /// <summary>Takes the next chunk and returns the text that is safe to pass on (empty once stopped).</summary>
    public string Push(string chunk)
    {
        if (Stopped)
        {
            return "";
        }
        pending += chunk;
        var cut = -1;
        foreach (var stop in stops)
        {
            var at = pending.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (cut < 0 || at < cut))
            {
                cut = at;
            }
        }
        if (cut >= 0)
        {
            Stopped = true;
            var before = pending[..cut];
            pending = "";
            return before;
        }
        var hold = HeldBackLength();
        var safe = pending[..^hold];
        pending = pending[^hold..];
        return safe;
    }

    /// <summary>The rest at the end of the stream.</summary>
    public string Flush()
    {
        var rest = Stopped ? "" : pending;
        pending = "";
        return rest;
    }

    /// <summary>Length of the longest end of the pending text that is the start of some stop string.</summary>
    private int HeldBackLength()
    {
        var longest = 0;
        foreach (var stop in stops)
        {
            for (var length = Math.Min(stop.Length - 1, pending.Length); length > longest; length--)
            {
                if (pending.AsSpan(pending.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    longest = length;
                    break;
                }
            }
        }
        return longest;
    }
}
