using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Hosting;

/// <summary>What a frame that cannot be dispatched was, so the host can answer or log it.</summary>
/// <param name="AnswerWithNullId">The message was a request whose id cannot be echoed: answer it with id null, as JSON-RPC says.</param>
public sealed record RejectedFrame(int ErrorCode, string Reason, JsonElement? Id, string? Method, bool AnswerWithNullId = false);

/// <summary>
/// Reads LSP's <c>Content-Length</c> framed messages from the client and passes on only well-formed JSON-RPC
/// messages. StreamJsonRpc drops the whole connection on a frame it cannot read; a language server must instead
/// answer or log the bad message and go on with the next one, so every check happens here first.
/// </summary>
/// <param name="claimResponse">Whether a response answers a request the server sent and is still waiting for (and if so,
/// marks it answered): StreamJsonRpc drops the connection on a response it did not expect.</param>
public sealed class LspFrameReader(Stream input, PipeWriter output, int maxMessageBytes, Action<RejectedFrame> reject, Action<string> log,
    Func<JsonElement, bool> claimResponse)
{
    private static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;

    /// <summary>A frame already handled (logged) that needs no answer.</summary>
    private static readonly RejectedFrame Dropped = new(0, "", null, null);

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
                    if (rejected != Dropped)
                    {
                        reject(rejected);
                    }
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
            var value = ContentLengthValue(headerBytes);
            if (value is null)
            {
                log($"Dropped a message header without Content-Length: \"{Printable(headerBytes)}\".");
                continue;
            }
            var trimmed = value.AsSpan().Trim((byte)' ');
            if (!Utf8Parser.TryParse(trimmed, out int length, out var consumed) || consumed != trimmed.Length || length < 0)
            {
                log($"Dropped a message with an invalid Content-Length: \"{Printable(value)}\".");
                continue;
            }
            return length;
        }
    }

    /// <summary>
    /// The value of the header line named exactly <c>Content-Length</c> (case-insensitive), the last one when repeated;
    /// other headers (<c>Content-Type</c>, or an <c>X-Content-Length</c>) are ignored. Bytes before the first header line
    /// (garbage between messages) are skipped with a log line.
    /// </summary>
    private byte[]? ContentLengthValue(byte[] header)
    {
        byte[]? value = null;
        var lines = Encoding.Latin1.GetString(header).Split("\r\n");
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? line : line[..colon];
            if (i == 0 && name.EndsWith("content-length", StringComparison.OrdinalIgnoreCase) && name.Length > "content-length".Length
                && !name.EndsWith("-content-length", StringComparison.OrdinalIgnoreCase))
            {
                log($"Skipped {name.Length - "content-length".Length} bytes of input before a message header.");
                name = name[^"content-length".Length..];
            }
            if (colon >= 0 && name.Equals("content-length", StringComparison.OrdinalIgnoreCase))
            {
                value = Encoding.Latin1.GetBytes(line[(colon + 1)..]);
            }
        }
        return value;
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

    private RejectedFrame? Validate(byte[] body)
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
            // JSON-RPC ids are strings or integers (LSP: integer | string); 1.5, 1e3 or 2^64 cannot be answered faithfully.
            if (id is { } given && !(given.ValueKind == JsonValueKind.String || given.ValueKind == JsonValueKind.Number && given.TryGetInt64(out _)))
            {
                return new RejectedFrame(LspErrorCodes.InvalidRequest, $"A JSON-RPC id must be a string or an integer, not {given.GetRawText()}.", null, hasMethod ? method.GetString() : null, AnswerWithNullId: true);
            }
            if (!hasMethod)
            {
                if (!claimResponse(id!.Value))
                {
                    log($"Dropped a response to id {id.Value.GetRawText()}: the server sent no request with that id, or it was answered already.");
                    return Dropped;
                }
                return null;
            }
            if (root.TryGetProperty("params", out var parameters) && parameters.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null))
            {
                return new RejectedFrame(LspErrorCodes.InvalidParams, $"'{method.GetString()}' params must be an object or an array, not {parameters.ValueKind.ToString().ToLowerInvariant()}.", id, method.GetString());
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
