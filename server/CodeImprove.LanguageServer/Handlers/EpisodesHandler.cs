using CodeImprove.LanguageServer.Conversions;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Memory;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary><c>codeImprove/episodes</c>: one filtered page of episode history, newest first (the side panel's list).</summary>
internal sealed class EpisodesHandler(WorkspaceMemory memory) : RequestHandler<EpisodesParams, EpisodesResult>
{
    public override string Method => LspMethods.Episodes;

    public override bool RequiresParams => false;

    public override async Task<EpisodesResult> HandleAsync(EpisodesParams? request, CancellationToken cancellationToken)
    {
        request ??= new EpisodesParams();
        EpisodeQuery query;
        try
        {
            query = new EpisodeQuery
            {
                File = request.File,
                Decision = MemoryConversions.ParseDecision(request.Decision),
                Strategy = request.Strategy,
                Text = request.Text,
                Offset = Math.Max(0, request.Offset ?? 0),
                Limit = Math.Clamp(request.Limit ?? 50, 1, EpisodeQuery.MaxLimit),
            };
        }
        catch (ArgumentException e)
        {
            throw RpcErrors.InvalidParams(e.Message);
        }
        var store = await memory.OpenForRequestAsync();
        var page = await store.QueryEpisodesAsync(query, cancellationToken);
        return new EpisodesResult([.. page.Items.Select(e => e.ToLsp())], page.Total, page.Offset, page.Limit);
    }
}
