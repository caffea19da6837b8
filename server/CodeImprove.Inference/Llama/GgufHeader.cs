using System.Text;

namespace CodeImprove.Inference.Llama;

/// <summary>
/// The metadata of a GGUF file, read in managed code before llama.cpp sees it: llama.cpp reports a bad file only
/// through its log, so the checks users hit (not GGUF, truncated, which architecture) are made here with clear words.
/// </summary>
internal sealed class GgufHeader
{
    private const uint Magic = 0x46554747; // "GGUF" little-endian

    private GgufHeader(string path, uint version, ulong tensorCount, Dictionary<string, object> values)
    {
        Path = path;
        Version = version;
        TensorCount = tensorCount;
        Values = values;
    }

    public string Path { get; }
    public uint Version { get; }
    public ulong TensorCount { get; }

    /// <summary>Scalar and string values by key; arrays are recorded as their element count (a long).</summary>
    public IReadOnlyDictionary<string, object> Values { get; }

    public string? Architecture => GetString("general.architecture");

    public long? GetInteger(string key) => Values.TryGetValue(key, out var value) ? value switch
    {
        long l => l,
        ulong u => (long)u,
        _ => null,
    } : null;

    public string? GetString(string key) => Values.TryGetValue(key, out var value) ? value as string : null;

    /// <summary>An architecture-specific integer such as "llama.block_count".</summary>
    public long? GetArchInteger(string suffix) => Architecture is { } arch ? GetInteger($"{arch}.{suffix}") : null;

    public static GgufHeader Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        var fileName = System.IO.Path.GetFileName(path);
        if (stream.Length < 4 || reader.ReadUInt32() != Magic)
        {
            throw new ModelException(
                $"{path} is not a GGUF model file (it does not start with \"GGUF\"). llama.cpp reads GGUF only: " +
                "download a .gguf build of the model (see models/README.md) or convert it with llama.cpp's convert_hf_to_gguf.py");
        }
        try
        {
            var version = reader.ReadUInt32();
            if (version is < 2 or > 3)
            {
                throw new ModelException($"{path} is GGUF version {version}; this llama.cpp reads versions 2 and 3. Download a current .gguf of the model.");
            }
            var tensorCount = reader.ReadUInt64();
            var valueCount = reader.ReadUInt64();
            var values = new Dictionary<string, object>(StringComparer.Ordinal);
            for (ulong i = 0; i < valueCount; i++)
            {
                var key = ReadString(reader);
                values[key] = ReadValue(reader, (GgufType)reader.ReadUInt32());
            }
            return new GgufHeader(path, version, tensorCount, values);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
        {
            throw new ModelException(
                $"{fileName} ends inside its GGUF header ({stream.Length:N0} bytes): the file is truncated or damaged ({path}). " +
                "Download it again; models/download.sh checks the sha256.", e);
        }
    }

    private static object ReadValue(BinaryReader reader, GgufType type)
    {
        switch (type)
        {
            case GgufType.UInt8: return (long)reader.ReadByte();
            case GgufType.Int8: return (long)reader.ReadSByte();
            case GgufType.UInt16: return (long)reader.ReadUInt16();
            case GgufType.Int16: return (long)reader.ReadInt16();
            case GgufType.UInt32: return (long)reader.ReadUInt32();
            case GgufType.Int32: return (long)reader.ReadInt32();
            case GgufType.UInt64: return reader.ReadUInt64();
            case GgufType.Int64: return reader.ReadInt64();
            case GgufType.Float32: return (double)reader.ReadSingle();
            case GgufType.Float64: return reader.ReadDouble();
            case GgufType.Bool: return reader.ReadByte() != 0;
            case GgufType.String: return ReadString(reader);
            case GgufType.Array:
                var elementType = (GgufType)reader.ReadUInt32();
                var count = reader.ReadUInt64();
                SkipArray(reader, elementType, count);
                return (long)count;
            default:
                throw new InvalidDataException($"unknown GGUF value type {(int)type}");
        }
    }

    private static void SkipArray(BinaryReader reader, GgufType elementType, ulong count)
    {
        var stream = reader.BaseStream;
        var size = elementType switch
        {
            GgufType.UInt8 or GgufType.Int8 or GgufType.Bool => 1,
            GgufType.UInt16 or GgufType.Int16 => 2,
            GgufType.UInt32 or GgufType.Int32 or GgufType.Float32 => 4,
            GgufType.UInt64 or GgufType.Int64 or GgufType.Float64 => 8,
            _ => 0,
        };
        if (size > 0)
        {
            var bytes = checked((long)count * size);
            if (stream.Position + bytes > stream.Length)
            {
                throw new EndOfStreamException();
            }
            stream.Seek(bytes, SeekOrigin.Current);
            return;
        }
        for (ulong i = 0; i < count; i++)
        {
            ReadValue(reader, elementType); // strings and nested arrays have their own lengths
        }
    }

    private static string ReadString(BinaryReader reader)
    {
        var length = reader.ReadUInt64();
        if (length > (ulong)(reader.BaseStream.Length - reader.BaseStream.Position))
        {
            throw new EndOfStreamException();
        }
        return Encoding.UTF8.GetString(reader.ReadBytes((int)length));
    }

    private enum GgufType : uint
    {
        UInt8 = 0, Int8 = 1, UInt16 = 2, Int16 = 3, UInt32 = 4, Int32 = 5, Float32 = 6, Bool = 7,
        String = 8, Array = 9, UInt64 = 10, Int64 = 11, Float64 = 12,
    }
}
