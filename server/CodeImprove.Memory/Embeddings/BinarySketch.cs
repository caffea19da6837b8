using System.IO.Hashing;

namespace CodeImprove.Memory.Embeddings;

/// <summary>
/// Random-hyperplane LSH (SimHash): bit b is the sign of the vector's dot product with a fixed pseudo-random
/// ±1 hyperplane, so the Hamming distance of two sketches estimates the angle between the vectors.
/// The store scans these compact sketches with vec0 and re-ranks the shortlist by exact cosine distance,
/// which keeps a top-k query over 100,000 episodes within a few milliseconds.
/// </summary>
internal sealed class BinarySketch
{
    public const int Bits = 384;
    public const int Bytes = Bits / 8;

    private readonly int dimension;
    private readonly float[] hyperplanes;

    public BinarySketch(int dimension)
    {
        this.dimension = dimension;
        hyperplanes = new float[Bits * dimension];
        Span<byte> seed = stackalloc byte[8];
        for (var index = 0; index < hyperplanes.Length; index += 64)
        {
            // Each hash gives the signs of 64 consecutive entries; xxHash3 keeps them identical across processes.
            BitConverter.TryWriteBytes(seed, (long)index);
            var signs = XxHash3.HashToUInt64(seed);
            for (var bit = 0; bit < 64 && index + bit < hyperplanes.Length; bit++)
            {
                hyperplanes[index + bit] = ((signs >> bit) & 1) == 0 ? 1f : -1f;
            }
        }
    }

    public byte[] Compute(ReadOnlySpan<float> vector)
    {
        if (vector.Length != dimension)
        {
            throw new ArgumentException($"expected a vector of {dimension} values, got {vector.Length}", nameof(vector));
        }
        var sketch = new byte[Bytes];
        for (var bit = 0; bit < Bits; bit++)
        {
            if (VectorMath.Dot(vector, hyperplanes.AsSpan(bit * dimension, dimension)) > 0)
            {
                sketch[bit / 8] |= (byte)(1 << (bit % 8));
            }
        }
        return sketch;
    }
}
