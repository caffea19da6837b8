using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CodeImprove.Memory.Storage;

/// <summary>
/// Every episode embedding in memory as signed bytes (one scale per row), scanned whole for each query: an exact scan
/// of 100,000 rows of 384 bytes takes a few milliseconds, where the earlier sketch index found a quarter of the true top
/// ten. The bytes only shortlist; the store re-ranks the shortlist by the exact cosine of the stored floats.
/// </summary>
internal sealed class QuantizedMatrix(int dimension)
{
    private sbyte[] _values = new sbyte[dimension * 1024];
    private float[] _scales = new float[1024];
    private long[] _ids = new long[1024];
    private EpisodeDecision[] _decisions = new EpisodeDecision[1024];
    private readonly Dictionary<long, int> _rowOf = [];
    private int _count;

    public int Count => _count;

    /// <summary>The largest episode id held, so rows another process added can be fetched.</summary>
    public long MaxId { get; private set; }

    public void Add(long id, ReadOnlySpan<float> embedding, EpisodeDecision decision)
    {
        if (_rowOf.TryGetValue(id, out var existing))
        {
            _decisions[existing] = decision;
            return;
        }
        if (_count == _ids.Length)
        {
            Array.Resize(ref _values, _values.Length * 2);
            Array.Resize(ref _scales, _scales.Length * 2);
            Array.Resize(ref _ids, _ids.Length * 2);
            Array.Resize(ref _decisions, _decisions.Length * 2);
        }
        var max = 0f;
        foreach (var value in embedding)
        {
            max = Math.Max(max, Math.Abs(value));
        }
        var scale = max > 0 ? max / 127f : 1f;
        var row = _values.AsSpan(_count * dimension, dimension);
        for (var i = 0; i < dimension; i++)
        {
            row[i] = (sbyte)Math.Round(embedding[i] / scale);
        }
        _scales[_count] = scale;
        _ids[_count] = id;
        _decisions[_count] = decision;
        _rowOf[id] = _count;
        _count++;
        MaxId = Math.Max(MaxId, id);
    }

    public void SetDecision(long id, EpisodeDecision decision)
    {
        if (_rowOf.TryGetValue(id, out var row))
        {
            _decisions[row] = decision;
        }
    }

    /// <summary>The ids of the <paramref name="count"/> rows nearest the query by approximate cosine, in no particular order.</summary>
    public List<long> Shortlist(ReadOnlySpan<float> query, int count, EpisodeDecision? decision, long? excludeId)
    {
        var quantizedQuery = new sbyte[dimension];
        var max = 0f;
        foreach (var value in query)
        {
            max = Math.Max(max, Math.Abs(value));
        }
        var scale = max > 0 ? max / 127f : 1f;
        for (var i = 0; i < dimension; i++)
        {
            quantizedQuery[i] = (sbyte)Math.Round(query[i] / scale);
        }
        // A min-heap of the best so far: its root is the worst kept, replaced whenever a row beats it. Equal similarities
        // (the same code recorded twice) rank the newer episode first, as the store's final order does.
        var best = new PriorityQueue<long, (float Similarity, long Id)>(count + 1);
        for (var row = 0; row < _count; row++)
        {
            if ((decision is { } wanted && _decisions[row] != wanted) || _ids[row] == excludeId)
            {
                continue;
            }
            var key = (Dot(quantizedQuery, _values.AsSpan(row * dimension, dimension)) * _scales[row], _ids[row]);
            if (best.Count < count)
            {
                best.Enqueue(_ids[row], key);
            }
            else if (best.TryPeek(out _, out var worst) && key.CompareTo(worst) > 0)
            {
                best.DequeueEnqueue(_ids[row], key);
            }
        }
        return [.. best.UnorderedItems.Select(item => item.Element)];
    }

    private static int Dot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        var i = 0;
        var sum = 0;
        if (Avx2.IsSupported && a.Length >= 16)
        {
            // 16 bytes at a time: widen to shorts, multiply pairwise and add adjacent products into ints (vpmaddwd).
            var accumulator = Vector256<int>.Zero;
            ref var left = ref MemoryMarshal.GetReference(a);
            ref var right = ref MemoryMarshal.GetReference(b);
            for (; i <= a.Length - 16; i += 16)
            {
                var x = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref left, (nuint)i));
                var y = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref right, (nuint)i));
                accumulator = Avx2.Add(accumulator, Avx2.MultiplyAddAdjacent(x, y));
            }
            sum = Vector256.Sum(accumulator);
        }
        else if (Vector.IsHardwareAccelerated)
        {
            // Portable: widen twice to ints (ARM and machines without AVX2).
            for (; i <= a.Length - Vector<sbyte>.Count; i += Vector<sbyte>.Count)
            {
                Vector.Widen(new Vector<sbyte>(a[i..]), out var xLow, out var xHigh);
                Vector.Widen(new Vector<sbyte>(b[i..]), out var yLow, out var yHigh);
                Vector.Widen(xLow * yLow, out var p1, out var p2);
                Vector.Widen(xHigh * yHigh, out var p3, out var p4);
                sum += Vector.Sum(p1 + p2 + p3 + p4);
            }
        }
        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
