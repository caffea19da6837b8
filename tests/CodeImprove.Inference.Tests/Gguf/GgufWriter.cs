using System.Text;

namespace CodeImprove.Inference.Tests.Gguf;

/// <summary>A minimal GGUF v3 writer (metadata and F32 tensors) so tests can make their own model files.</summary>
internal sealed class GgufWriter
{
    private const int Alignment = 32;
    private readonly List<Action<BinaryWriter>> values = [];
    private readonly List<(string Name, long[] Shape, float[] Data)> tensors = [];

    public GgufWriter Add(string key, string value) => Add(key, 8, w => WriteString(w, value));

    public GgufWriter Add(string key, uint value) => Add(key, 4, w => w.Write(value));

    public GgufWriter Add(string key, float value) => Add(key, 6, w => w.Write(value));

    public GgufWriter Add(string key, IReadOnlyList<string> array) => AddArray(key, 8, array.Count, (w, i) => WriteString(w, array[i]));

    public GgufWriter Add(string key, IReadOnlyList<float> array) => AddArray(key, 6, array.Count, (w, i) => w.Write(array[i]));

    public GgufWriter Add(string key, IReadOnlyList<int> array) => AddArray(key, 5, array.Count, (w, i) => w.Write(array[i]));

    /// <summary>A tensor in ggml order: shape[0] is the row length.</summary>
    public GgufWriter AddTensor(string name, long[] shape, float[] data)
    {
        if (shape.Aggregate(1L, (a, b) => a * b) != data.Length)
        {
            throw new ArgumentException($"{name}: shape does not match {data.Length} values");
        }
        tensors.Add((name, shape, data));
        return this;
    }

    public void WriteTo(string path)
    {
        using var stream = File.Create(path);
        using var w = new BinaryWriter(stream, Encoding.UTF8);
        w.Write(0x46554747u); // "GGUF"
        w.Write(3u);
        w.Write((ulong)tensors.Count);
        w.Write((ulong)values.Count);
        foreach (var write in values)
        {
            write(w);
        }
        ulong offset = 0;
        foreach (var (name, shape, data) in tensors)
        {
            WriteString(w, name);
            w.Write((uint)shape.Length);
            foreach (var dim in shape)
            {
                w.Write((ulong)dim);
            }
            w.Write(0u); // GGML_TYPE_F32
            w.Write(offset);
            offset += Align((ulong)data.Length * 4);
        }
        Pad(w);
        foreach (var (_, _, data) in tensors)
        {
            foreach (var value in data)
            {
                w.Write(value);
            }
            Pad(w);
        }
    }

    private GgufWriter Add(string key, uint type, Action<BinaryWriter> writeValue)
    {
        values.Add(w =>
        {
            WriteString(w, key);
            w.Write(type);
            writeValue(w);
        });
        return this;
    }

    private GgufWriter AddArray(string key, uint elementType, int count, Action<BinaryWriter, int> writeElement) =>
        Add(key, 9, w =>
        {
            w.Write(elementType);
            w.Write((ulong)count);
            for (var i = 0; i < count; i++)
            {
                writeElement(w, i);
            }
        });

    private static void WriteString(BinaryWriter w, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        w.Write((ulong)bytes.Length);
        w.Write(bytes);
    }

    private static ulong Align(ulong size) => (size + Alignment - 1) / Alignment * Alignment;

    private static void Pad(BinaryWriter w)
    {
        while (w.BaseStream.Position % Alignment != 0)
        {
            w.Write((byte)0);
        }
    }
}
