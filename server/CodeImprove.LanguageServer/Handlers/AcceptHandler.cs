using CodeImprove.Engine;
using CodeImprove.History;
using CodeImprove.LanguageServer.Documents;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary>
/// <c>codeImprove/accept</c>: records a rollback point, then applies all or the chosen hunks, rebased onto the text as
/// it is now. An open document is changed by the editor (<c>workspace/applyEdit</c>), a closed one on disk.
/// </summary>
internal sealed class AcceptHandler(ImproveService improve, WorkspaceHistory history, DocumentStore documents, ClientConnection client)
    : RequestHandler<AcceptParams, AcceptResponse>
{
    public override string Method => LspMethods.Accept;

    public override RequestKind Kind => RequestKind.Mutating;

    public override async Task<AcceptResponse> HandleAsync(AcceptParams? request, CancellationToken cancellationToken)
    {
        var engine = await improve.GetEngineAsync(cancellationToken);
        try
        {
            await history.GetStoreAsync(); // no change is applied without a rollback point
            var proposal = engine.GetProposal(request!.Proposal) ?? throw new ProposalNotFoundException(request.Proposal);
            var uri = DocumentUris.FromPath(proposal.DocumentPath);
            if (documents.Get(uri) is not { } open)
            {
                var written = await engine.AcceptAsync(proposal.Id, request.Hunks, cancellationToken);
                return new AcceptResponse(true, written.HunkIds) { RollbackPoint = written.RollbackPointId, EpisodeId = proposal.EpisodeId };
            }
            var plan = await engine.BeginAcceptAsync(proposal.Id, request.Hunks, open.Text, cancellationToken);
            var applied = false;
            try
            {
                var edit = new WorkspaceEdit(new Dictionary<string, IReadOnlyList<TextEdit>>
                {
                    [uri] = [.. plan.Edits.Select(e => new TextEdit(Conversions.AnalysisConversions.ToLsp(e.Range), e.NewText))],
                });
                var result = await client.RequestAsync<ApplyWorkspaceEditParams, ApplyWorkspaceEditResult>(
                    LspMethods.ApplyEdit, new ApplyWorkspaceEditParams(edit) { Label = "CodeImprove: accept proposal" }, CancellationToken.None);
                applied = result.Applied;
            }
            finally
            {
                await engine.CompleteAcceptAsync(proposal.Id, applied, CancellationToken.None);
            }
            return new AcceptResponse(applied, plan.HunkIds) { RollbackPoint = applied ? plan.RollbackPointId : null, EpisodeId = proposal.EpisodeId };
        }
        catch (StaleProposalException e)
        {
            throw RpcErrors.ContentModified(e.Message);
        }
        catch (Exception e) when (e is EngineException or HistoryException or IOException)
        {
            throw RpcErrors.RequestFailed(e.Message);
        }
    }
}
