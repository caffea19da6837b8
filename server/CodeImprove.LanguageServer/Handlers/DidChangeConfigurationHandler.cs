using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary><c>workspace/didChangeConfiguration</c>: new settings apply to the next run; a changed model setting reloads the model in the background.</summary>
internal sealed class DidChangeConfigurationHandler(ClientConnection client, ConfigurationService configuration, ModelHost models)
    : NotificationHandler<DidChangeConfigurationParams>
{
    public override string Method => LspMethods.DidChangeConfiguration;

    public override async Task HandleAsync(DidChangeConfigurationParams? notification, CancellationToken cancellationToken)
    {
        if (client.Capabilities.Workspace?.Configuration == true)
        {
            await configuration.RefreshFromClientAsync(cancellationToken);
        }
        else
        {
            configuration.ApplyPushedSettings(notification!.Settings);
        }
        models.ReloadInBackground();
    }
}
