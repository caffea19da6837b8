using CodeImprove.Engine;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary><c>codeImprove/reject</c>: records the rejection (the strategy policy learns from it) and closes the proposal.</summary>
internal sealed class RejectHandler(ImproveService improve) : RequestHandler<RejectParams, object>
{
    public override string Method => LspMethods.Reject;

    public override RequestKind Kind => RequestKind.Mutating;

    public override async Task<object> HandleAsync(RejectParams? request, CancellationToken cancellationToken)
    {
        var engine = await improve.GetEngineAsync(cancellationToken);
        try
        {
            await engine.RejectAsync(request!.Proposal, request.Reason, cancellationToken);
            return new { };
        }
        catch (EngineException e)
        {
            throw RpcErrors.RequestFailed(e.Message);
        }
    }
}
