using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary><c>codeImprove/serverStatus</c>: cheap facts for the client's status bar (also pushed as <c>codeImprove/statusChanged</c>).</summary>
internal sealed class ServerStatusHandler(StatusReporter status) : RequestHandler<NoParams, ServerStatus>
{
    public override string Method => LspMethods.ServerStatus;

    public override RequestKind Kind => RequestKind.Immediate;

    public override bool RequiresParams => false;

    public override Task<ServerStatus> HandleAsync(NoParams? request, RequestContext context, CancellationToken cancellationToken) => Task.FromResult(status.Current);
}
