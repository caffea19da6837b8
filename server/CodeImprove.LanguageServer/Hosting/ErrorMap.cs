using CodeImprove.Analysis;
using CodeImprove.Engine;
using CodeImprove.Protocol;
using StreamJsonRpc;

namespace CodeImprove.LanguageServer.Hosting;

/// <summary>
/// The one table from domain exceptions to LSP errors. Handlers throw what went wrong (an engine or analysis exception,
/// cancellation); only the dispatcher turns it into a response. Messages are the user's: they say what to do.
/// </summary>
internal static class ErrorMap
{
    public static LocalRpcException ToRpc(Exception exception) => exception switch
    {
        LocalRpcException rpc => rpc,
        OperationCanceledException => Error(LspErrorCodes.RequestCancelled, "The request was cancelled; nothing was changed."),
        InvalidArgumentException e => Error(LspErrorCodes.InvalidParams, Sentence(e.Message)),
        StaleProposalException e => Error(LspErrorCodes.ContentModified, Sentence(e.Message)),
        EngineException e => Error(LspErrorCodes.RequestFailed, Sentence(e.Message)),
        AnalysisException e => Error(LspErrorCodes.RequestFailed, Sentence(e.Message)),
        IOException or UnauthorizedAccessException => Error(LspErrorCodes.RequestFailed, Sentence(exception.Message)),
        _ => Error(LspErrorCodes.InternalError, $"CodeImprove failed: {exception.Message} (the server log has the details)."),
    };

    private static LocalRpcException Error(int code, string message) => new(message) { ErrorCode = code };

    private static string Sentence(string message) =>
        message.Length == 0 ? message : char.ToUpperInvariant(message[0]) + message[1..] + (message.EndsWith('.') ? "" : ".");
}
