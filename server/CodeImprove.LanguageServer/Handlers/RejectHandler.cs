using CodeImprove.Engine;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary><c>codeImprove/reject</c>: records the rejection (the strategy policy learns from it) and closes the proposal.</summary>
internal sealed class RejectHandler(Workspaces workspaces) : RequestHandler<RejectParams, object>
{
    public override string Method => LspMethods.Reject;

    public override RequestKind Kind => RequestKind.Mutating;

    public override async Task<object> HandleAsync(RejectParams? request, RequestContext context, CancellationToken cancellationToken)
    {
        var session = workspaces.Sessions.All.FirstOrDefault(s => s.FindProposal(request!.Proposal) is not null)
            ?? throw new ProposalNotFoundException(request!.Proposal);
        await session.RejectAsync(request!.Proposal, request.Reason, cancellationToken);
        return new { };
    }
}
