using CodeImprove.Protocol;
using StreamJsonRpc;

namespace CodeImprove.LanguageServer.Hosting;

/// <summary>Errors a handler answers with: the message is shown to the user, so it says what to do.</summary>
internal static class RpcErrors
{
    public static LocalRpcException RequestFailed(string message) => new(message) { ErrorCode = LspErrorCodes.RequestFailed };

    public static LocalRpcException ContentModified(string message) => new(message) { ErrorCode = LspErrorCodes.ContentModified };

    public static LocalRpcException InvalidParams(string message) => new(message) { ErrorCode = LspErrorCodes.InvalidParams };

    public static LocalRpcException Cancelled(string message) => new(message) { ErrorCode = LspErrorCodes.RequestCancelled };
}
