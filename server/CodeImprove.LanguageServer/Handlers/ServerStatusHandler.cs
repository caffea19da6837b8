using CodeImprove.LanguageServer.Documents;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary><c>codeImprove/serverStatus</c>: cheap facts for the client's status bar.</summary>
internal sealed class ServerStatusHandler(DocumentStore documents, ConfigurationService configuration, ServerState state)
    : RequestHandler<NoParams, ServerStatus>
{
    public override string Method => LspMethods.ServerStatus;

    public override bool RequiresParams => false;

    public override Task<ServerStatus> HandleAsync(NoParams? request, CancellationToken cancellationToken)
    {
        var model = configuration.Current.Model;
        var modelState = model.Path ?? model.Endpoint ?? "none";
        return Task.FromResult(new ServerStatus(
            ServerState.Version, modelState, documents.Count, (long)state.Uptime.TotalMilliseconds, Environment.WorkingSet));
    }
}
