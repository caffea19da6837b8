using CodeImprove.Protocol;
using StreamJsonRpc;

namespace CodeImprove.LanguageServer.Hosting;

/// <summary>LSP's lifecycle rules, checked as each message arrives (before it is queued).</summary>
public sealed class ServerLifecycle
{
    private int state; // 0: waiting for initialize, 1: initialize received, 2: shutdown received

    public bool ShutdownRequested => Volatile.Read(ref state) == 2;

    /// <summary>Throws the error the spec prescribes for a request that may not run now.</summary>
    public void AdmitRequest(string method)
    {
        switch (Volatile.Read(ref state), method)
        {
            case (0, LspMethods.Initialize):
                Volatile.Write(ref state, 1);
                return;
            case (0, _):
                throw new LocalRpcException($"The server is not initialized; '{method}' was sent before 'initialize'.") { ErrorCode = LspErrorCodes.ServerNotInitialized };
            case (_, LspMethods.Initialize):
                throw new LocalRpcException("'initialize' was already received.") { ErrorCode = LspErrorCodes.InvalidRequest };
            case (2, _):
                throw new LocalRpcException($"The server is shutting down; '{method}' is refused.") { ErrorCode = LspErrorCodes.InvalidRequest };
            case (1, LspMethods.Shutdown):
                Volatile.Write(ref state, 2);
                return;
        }
    }

    /// <summary>Notifications outside the initialized state are dropped, except 'exit'.</summary>
    public bool AdmitNotification(string method) => method == LspMethods.Exit || Volatile.Read(ref state) == 1;
}
