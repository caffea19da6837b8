using CodeImprove.Engine;
using CodeImprove.LanguageServer.Documents;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary>
/// <c>codeImprove/accept</c>: records a rollback point, then applies all or the chosen hunks, rebased onto the text as it
/// is now; the engine changes an open document through the editor (<c>workspace/applyEdit</c>), a closed one on disk.
/// A subset of hunks that does not compile alone is refused with its errors.
/// </summary>
internal sealed class AcceptHandler(Workspaces workspaces, DocumentStore documents) : RequestHandler<AcceptParams, AcceptResponse>
{
    public override string Method => LspMethods.Accept;

    public override RequestKind Kind => RequestKind.Mutating;

    public override async Task<AcceptResponse> HandleAsync(AcceptParams? request, RequestContext context, CancellationToken cancellationToken)
    {
        var (session, proposal) = workspaces.Sessions.All
            .Select(s => (Session: s, Proposal: s.FindProposal(request!.Proposal)))
            .FirstOrDefault(found => found.Proposal is not null);
        if (session is null || proposal is null)
        {
            throw new ProposalNotFoundException(request!.Proposal);
        }
        if (documents.Get(DocumentUris.FromPath(proposal.DocumentPath)) is { Unsynchronized: { } reason })
        {
            throw ExecuteCommandHandler.UnsynchronizedError(proposal.DocumentPath, reason);
        }
        var plan = await session.AcceptAsync(proposal.Id, request!.Hunks, cancellationToken);
        return new AcceptResponse(!plan.Refused, plan.HunkIds) { RollbackPoint = plan.RollbackPointId, EpisodeId = proposal.EpisodeId };
    }
}
