using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodeImprove.History;

/// <summary>
/// The append-only audit trail of one history (<c>.codeimprove/audit.jsonl</c> under its root): one JSON object per line,
/// each carrying the sha256 of the line before it. Writers hold the history lock, so the server and a CLI run append to
/// one chain; a line is flushed to disk before the step it announces goes ahead.
/// </summary>
internal sealed class AuditLog(string root, string origin, TimeProvider time)
{
    public const string FileName = "audit.jsonl";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string Path { get; } = System.IO.Path.Combine(root, StateFolder.Name, FileName);

    /// <summary>Appends one line (time, origin and the chain link filled in). The caller holds the history lock.</summary>
    public void Append(AuditEntry entry)
    {
        StateFolder.Ensure(System.IO.Path.GetDirectoryName(Path)!);
        var line = JsonSerializer.Serialize(entry with
        {
            Time = entry.Time == default ? time.GetUtcNow() : entry.Time,
            Origin = entry.Origin ?? origin,
            Previous = LastLine() is { } last ? Digest(Encoding.UTF8.GetBytes(last)) : null,
        }, Json);
        using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
        stream.Write(Encoding.UTF8.GetBytes(line + "\n"));
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Every line in order, parsed (null where a line is not an entry), with its raw text for the chain check.</summary>
    public IReadOnlyList<(int Number, string Raw, AuditEntry? Entry)> Read()
    {
        if (!File.Exists(Path))
        {
            return [];
        }
        var lines = new List<(int, string, AuditEntry?)>();
        // Shared for writing: another process may append while this one reads (its line is complete or not yet there).
        using var reader = new StreamReader(new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite), Encoding.UTF8);
        var number = 0;
        while (reader.ReadLine() is { } raw)
        {
            number++;
            lines.Add((number, raw, Parse(raw)));
        }
        return lines;
    }

    public static string? Digest(byte[]? bytes) => bytes is null ? null : Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    private static AuditEntry? Parse(string raw)
    {
        try
        {
            return JsonSerializer.Deserialize<AuditEntry>(raw, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The file's last line, read from its end (the trail only grows).</summary>
    private string? LastLine()
    {
        if (!File.Exists(Path))
        {
            return null;
        }
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var end = stream.Length;
        if (end > 0)
        {
            stream.Position = end - 1;
            if (stream.ReadByte() == '\n')
            {
                end--;
            }
        }
        var chunk = new byte[4096];
        var start = end;
        while (start > 0)
        {
            var size = (int)Math.Min(chunk.Length, start);
            stream.Position = start - size;
            stream.ReadExactly(chunk, 0, size);
            var newline = Array.LastIndexOf(chunk, (byte)'\n', size - 1, size);
            if (newline >= 0)
            {
                start = start - size + newline + 1;
                break;
            }
            start -= size;
        }
        if (start == end)
        {
            return null;
        }
        var bytes = new byte[end - start];
        stream.Position = start;
        stream.ReadExactly(bytes);
        return Encoding.UTF8.GetString(bytes);
    }
}
