using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Hosting;

/// <summary>What a frame that cannot be dispatched was, so the host can answer or log it.</summary>
public sealed record RejectedFrame(int ErrorCode, string Reason, JsonElement? Id, string? Method);

/// <summary>
/// Reads LSP's <c>Content-Length</c> framed messages from the client and passes on only well-formed JSON-RPC
/// messages. StreamJsonRpc drops the whole connection on a frame it cannot read; a language server must instead
/// answer or log the bad message and go on with the next one, so every check happens here first.
/// </summary>
public sealed class LspFrameReader(Stream input, PipeWriter output, int maxMessageBytes, Action<RejectedFrame> reject, Action<string> log)
{
    private static ReadOnlySpan<byte> ContentLengthHeader => "content-length:"u8;
    private static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;

    /// <summary>Copies frames until the client closes its end; then completes <paramref name="output"/>.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(input, new StreamPipeReaderOptions(bufferSize: 64 * 1024));
        try
        {
            while (true)
            {
                var header = await ReadHeaderAsync(reader, cancellationToken);
                if (header is null)
                {
                    return;
                }
                var length = header.Value;
                if (length > maxMessageBytes)
                {
                    if (!await SkipOversizedAsync(reader, length, cancellationToken))
                    {
                        return;
                    }
                    continue;
                }
                var body = await ReadExactlyAsync(reader, length, cancellationToken);
                if (body is null)
                {
                    log($"Input ended inside a message body ({length} bytes announced); the client has gone.");
                    return;
                }
                if (Validate(body) is { } rejected)
                {
                    reject(rejected);
                    continue;
                }
                await WriteFrameAsync(body, cancellationToken);
            }
        }
        finally
        {
            await reader.CompleteAsync();
            await output.CompleteAsync();
        }
    }

    /// <summary>Reads header lines up to the blank line; returns the Content-Length, or null at end of input.
    /// Garbage before a header (the tail of a frame whose length was wrong) is skipped up to the next header.</summary>
    private async Task<int?> ReadHeaderAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var headerEnd = IndexOf(buffer, HeaderEnd);
            if (headerEnd < 0)
            {
                if (result.IsCompleted)
                {
                    if (!IsWhitespace(buffer))
                    {
                        log($"Input ended inside a message header ({buffer.Length} bytes dropped).");
                    }
                    return null;
                }
                if (buffer.Length > 64 * 1024)
                {
                    log("Dropped 64 KiB of input that holds no message header.");
                    reader.AdvanceTo(buffer.GetPosition(buffer.Length - 16));
                    continue;
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            var headerBytes = buffer.Slice(0, headerEnd).ToArray();
            reader.AdvanceTo(buffer.GetPosition(headerEnd + HeaderEnd.Length));
            var start = LastIndexOfIgnoreCase(headerBytes, ContentLengthHeader);
            if (start < 0)
            {
                log($"Dropped a message header without Content-Length: \"{Printable(headerBytes)}\".");
                continue;
            }
            if (start > 0 && !headerBytes.AsSpan(0, start).EndsWith("\r\n"u8))
            {
                log($"Skipped {start} bytes of input before a message header.");
            }
            var value = headerBytes.AsSpan(start + ContentLengthHeader.Length);
            var lineEnd = value.IndexOf("\r\n"u8);
            if (lineEnd >= 0)
            {
                value = value[..lineEnd];
            }
            if (!Utf8Parser.TryParse(value.Trim((byte)' '), out int length, out var consumed) || consumed != value.Trim((byte)' ').Length || length < 0)
            {
                log($"Dropped a message with an invalid Content-Length: \"{Printable(value.ToArray())}\".");
                continue;
            }
            return length;
        }
    }

    private async Task<byte[]?> ReadExactlyAsync(PipeReader reader, int length, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            if (result.Buffer.Length >= length)
            {
                var body = result.Buffer.Slice(0, length).ToArray();
                reader.AdvanceTo(result.Buffer.GetPosition(length));
                return body;
            }
            if (result.IsCompleted)
            {
                reader.AdvanceTo(result.Buffer.End);
                return null;
            }
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>Consumes an oversized body without holding it, answering a request by the id found near its start.</summary>
    private async Task<bool> SkipOversizedAsync(PipeReader reader, int length, CancellationToken cancellationToken)
    {
        var reason = $"Message of {length:N0} bytes exceeds the {maxMessageBytes:N0}-byte limit and was dropped.";
        var remaining = (long)length;
        var prefix = new ArrayBufferWriter<byte>();
        while (remaining > 0)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var take = Math.Min(remaining, result.Buffer.Length);
            if (prefix.WrittenCount < 4096)
            {
                foreach (var segment in result.Buffer.Slice(0, Math.Min(take, 4096 - prefix.WrittenCount)))
                {
                    prefix.Write(segment.Span);
                }
            }
            reader.AdvanceTo(result.Buffer.GetPosition(take));
            remaining -= take;
            if (remaining > 0 && result.IsCompleted)
            {
                log(reason + " Input ended inside it.");
                return false;
            }
        }
        var (id, method) = PeekIdAndMethod(prefix.WrittenSpan);
        reject(new RejectedFrame(LspErrorCodes.InvalidRequest, reason, id, method));
        return true;
    }

    private static RejectedFrame? Validate(byte[] body)
    {
        if (!Utf8.IsValid(body))
        {
            var (id, method) = PeekIdAndMethod(body);
            return new RejectedFrame(LspErrorCodes.ParseError, "Message body is not valid UTF-8.", id, method);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return new RejectedFrame(LspErrorCodes.ParseError, "Message body is not valid JSON: " + e.Message, null, null);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new RejectedFrame(LspErrorCodes.InvalidRequest, "A JSON-RPC message must be an object.", null, null);
            }
            var id = root.TryGetProperty("id", out var idElement) ? idElement.Clone() : (JsonElement?)null;
            var hasMethod = root.TryGetProperty("method", out var method) && method.ValueKind == JsonValueKind.String;
            var isResponse = id is not null && (root.TryGetProperty("result", out _) || root.TryGetProperty("error", out _));
            if (!hasMethod && !isResponse)
            {
                return new RejectedFrame(LspErrorCodes.InvalidRequest, "A JSON-RPC message needs a method, or an id with a result or error.", id, null);
            }
            if (id is { ValueKind: not (JsonValueKind.String or JsonValueKind.Number) })
            {
                return new RejectedFrame(LspErrorCodes.InvalidRequest, "A JSON-RPC id must be a string or a number.", null, hasMethod ? method.GetString() : null);
            }
            return null;
        }
    }

    /// <summary>Finds top-level "id" and "method" near the start of a body that cannot be parsed whole.</summary>
    private static (JsonElement? Id, string? Method) PeekIdAndMethod(ReadOnlySpan<byte> prefix)
    {
        JsonElement? id = null;
        string? method = null;
        var reader = new Utf8JsonReader(prefix, isFinalBlock: false, state: default);
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth != 1 || reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }
                if (reader.ValueTextEquals("id"u8) && reader.Read() && reader.TokenType is JsonTokenType.String or JsonTokenType.Number)
                {
                    id = JsonElement.ParseValue(ref reader);
                }
                else if (reader.ValueTextEquals("method"u8) && reader.Read() && reader.TokenType == JsonTokenType.String)
                {
                    method = reader.GetString();
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // The prefix ends mid-token or holds invalid bytes: keep what was found before.
        }
        return (id, method);
    }

    private async Task WriteFrameAsync(byte[] body, CancellationToken cancellationToken)
    {
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        output.Write(header);
        output.Write(body);
        await output.FlushAsync(cancellationToken);
    }

    private static long IndexOf(ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> value)
    {
        var reader = new SequenceReader<byte>(buffer);
        return reader.TryReadTo(out ReadOnlySequence<byte> before, value, advancePastDelimiter: false) ? before.Length : -1;
    }

    private static int LastIndexOfIgnoreCase(byte[] haystack, ReadOnlySpan<byte> lowerNeedle)
    {
        var lower = new byte[haystack.Length];
        for (var i = 0; i < haystack.Length; i++)
        {
            lower[i] = haystack[i] is >= (byte)'A' and <= (byte)'Z' ? (byte)(haystack[i] + 32) : haystack[i];
        }
        return lower.AsSpan().LastIndexOf(lowerNeedle);
    }

    private static bool IsWhitespace(ReadOnlySequence<byte> buffer)
    {
        foreach (var segment in buffer)
        {
            if (segment.Span.IndexOfAnyExcept(" \r\n\t"u8) >= 0)
            {
                return false;
            }
        }
        return true;
    }

    private static string Printable(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 200));
        return text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
    }
}
