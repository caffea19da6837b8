using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

internal sealed class InitializedHandler(ConfigurationService configuration) : NotificationHandler<InitializedParams>
{
    public override string Method => LspMethods.Initialized;

    public override bool RequiresParams => false;

    public override Task HandleAsync(InitializedParams? notification, CancellationToken cancellationToken) =>
        configuration.RefreshFromClientAsync(cancellationToken);
}
