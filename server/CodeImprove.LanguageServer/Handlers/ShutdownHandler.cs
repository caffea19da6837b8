using CodeImprove.LanguageServer.Hosting;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary>Mutating, so it answers only after all earlier work has finished.</summary>
internal sealed class ShutdownHandler : RequestHandler<NoParams, object?>
{
    public override string Method => LspMethods.Shutdown;

    public override RequestKind Kind => RequestKind.Mutating;

    public override bool RequiresParams => false;

    public override Task<object?> HandleAsync(NoParams? request, RequestContext context, CancellationToken cancellationToken) => Task.FromResult<object?>(null);
}
