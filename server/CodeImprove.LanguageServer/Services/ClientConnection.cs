using CodeImprove.Protocol;
using StreamJsonRpc;

namespace CodeImprove.LanguageServer.Services;

/// <summary>The way back to the client: notifications and server-to-client requests, and what the client can do.</summary>
public sealed class ClientConnection
{
    private JsonRpc? rpc;

    public ClientCapabilities Capabilities { get; private set; } = new();

    public IReadOnlyList<WorkspaceFolder> WorkspaceFolders { get; private set; } = [];

    public bool IsConnected => rpc is { IsDisposed: false };

    internal void Attach(JsonRpc connection) => rpc = connection;

    internal void SetClient(ClientCapabilities capabilities, IReadOnlyList<WorkspaceFolder> folders)
    {
        Capabilities = capabilities;
        WorkspaceFolders = folders;
    }

    public Task NotifyAsync<T>(string method, T parameters) =>
        rpc is { IsDisposed: false } connection ? connection.NotifyWithParameterObjectAsync(method, parameters) : Task.CompletedTask;

    public Task<TResult> RequestAsync<TParams, TResult>(string method, TParams parameters, CancellationToken cancellationToken) =>
        (rpc ?? throw new InvalidOperationException("No client is connected."))
            .InvokeWithParameterObjectAsync<TResult>(method, parameters, cancellationToken);

    public Task ShowMessageAsync(MessageType type, string message) =>
        NotifyAsync(LspMethods.ShowMessage, new ShowMessageParams(type, message));

    /// <summary>Shows a message with buttons; the chosen title, or null when the user dismissed it.</summary>
    public async Task<string?> AskAsync(MessageType type, string message, IReadOnlyList<string> answers)
    {
        var chosen = await RequestAsync<ShowMessageRequestParams, MessageActionItem?>(
            LspMethods.ShowMessageRequest, new ShowMessageRequestParams(type, message, [.. answers.Select(a => new MessageActionItem(a))]), CancellationToken.None);
        return chosen?.Title;
    }
}
