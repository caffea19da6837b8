using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

internal sealed class DidChangeConfigurationHandler(ClientConnection client, ConfigurationService configuration)
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
    }
}
