using System.Collections.Concurrent;
using System.Text.Json;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace CodeImprove.LanguageServer.Hosting;

/// <summary>
/// StreamJsonRpc's connection, remembering the ids of the requests the server sent that still wait for an answer, so
/// the <see cref="LspFrameReader"/> can drop a response nobody waits for (an unknown id, a second answer) instead of
/// letting it end the connection.
/// </summary>
internal sealed class LspJsonRpc(IJsonRpcMessageHandler handler) : JsonRpc(handler)
{
    private readonly ConcurrentDictionary<string, byte> awaiting = new(StringComparer.Ordinal);

    /// <summary>True (once) when <paramref name="id"/> answers a request the server sent.</summary>
    public bool ClaimResponse(JsonElement id) => awaiting.TryRemove(Key(id), out _);

    protected override ValueTask SendAsync(JsonRpcMessage message, CancellationToken cancellationToken)
    {
        if (message is JsonRpcRequest { IsResponseExpected: true, RequestId: var id })
        {
            awaiting[id.Number is { } number ? "n" + number : "s" + id.String] = 0;
        }
        return base.SendAsync(message, cancellationToken);
    }

    private static string Key(JsonElement id) =>
        id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var number) ? "n" + number : "s" + id.GetString();
}
