namespace CodeImprove.Protocol;

/// <summary>The method names the server handles or sends.</summary>
public static class LspMethods
{
    public const string Initialize = "initialize";
    public const string Initialized = "initialized";
    public const string Shutdown = "shutdown";
    public const string Exit = "exit";
    public const string DidOpen = "textDocument/didOpen";
    public const string DidChange = "textDocument/didChange";
    public const string DidClose = "textDocument/didClose";
    public const string DidSave = "textDocument/didSave";
    public const string DidChangeConfiguration = "workspace/didChangeConfiguration";
    public const string WorkspaceConfiguration = "workspace/configuration";
    public const string ShowMessage = "window/showMessage";
    public const string ShowMessageRequest = "window/showMessageRequest";
    public const string LogMessage = "window/logMessage";
    public const string WorkDoneProgressCreate = "window/workDoneProgress/create";
    public const string Progress = "$/progress";
    public const string WorkDoneProgressCancel = "window/workDoneProgress/cancel";
    public const string ApplyEdit = "workspace/applyEdit";
    public const string RegisterCapability = "client/registerCapability";
    public const string DidChangeWatchedFiles = "workspace/didChangeWatchedFiles";
    public const string ExecuteCommand = "workspace/executeCommand";
    public const string DiagnosticRefresh = "workspace/diagnostic/refresh";
    public const string PublishDiagnostics = "textDocument/publishDiagnostics";
    public const string PullDiagnostics = "textDocument/diagnostic";
    public const string CodeAction = "textDocument/codeAction";
    public const string CodeActionResolve = "codeAction/resolve";
    public const string ServerStatus = "codeImprove/serverStatus";
    public const string History = "codeImprove/history";
    public const string Rollback = "codeImprove/rollback";
    public const string Accept = "codeImprove/accept";
    public const string Reject = "codeImprove/reject";
    public const string Episodes = "codeImprove/episodes";
    public const string Episode = "codeImprove/episode";
    public const string Stats = "codeImprove/stats";
    public const string ResetPreferences = "codeImprove/resetPreferences";
    public const string StatusChanged = "codeImprove/statusChanged";
}

/// <summary>JSON-RPC and LSP error codes.</summary>
public static class LspErrorCodes
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;
    public const int ServerNotInitialized = -32002;
    public const int RequestFailed = -32803;
    public const int RequestCancelled = -32800;
    public const int ContentModified = -32801;
}
