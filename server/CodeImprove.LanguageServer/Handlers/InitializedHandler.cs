using CodeImprove.LanguageServer.Documents;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary>
/// <c>initialized</c>: the client is ready for the server's requests, so the settings are pulled, file watching is
/// registered, and the workspace and model start loading in the background (with progress).
/// </summary>
internal sealed class InitializedHandler(ClientConnection client, ConfigurationService configuration, StatusReporter status,
    Workspaces analysis, DiagnosticsPublisher diagnostics, ModelHost models) : NotificationHandler<InitializedParams>
{
    /// <summary>What the server reloads from when it changes on disk.</summary>
    private const string WatchedFiles = "**/*.{cs,csproj,sln,slnx,props,targets,editorconfig}";

    public override string Method => LspMethods.Initialized;

    public override bool RequiresParams => false;

    public override async Task HandleAsync(InitializedParams? notification, CancellationToken cancellationToken)
    {
        status.Start();
        try
        {
            await configuration.RefreshFromClientAsync(cancellationToken);
        }
        finally
        {
            diagnostics.Start();
            _ = analysis.LoadAsync();
            models.ReloadInBackground();
        }
        if (client.Capabilities.Workspace?.DidChangeWatchedFiles?.DynamicRegistration == true)
        {
            var registration = new Registration("codeimprove-watched-files", LspMethods.DidChangeWatchedFiles,
                new DidChangeWatchedFilesRegistrationOptions([new Protocol.FileSystemWatcher(WatchedFiles)]));
            await client.RequestAsync<RegistrationParams, object?>(LspMethods.RegisterCapability, new RegistrationParams([registration]), cancellationToken);
        }
    }
}
