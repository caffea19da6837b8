using CodeImprove.LanguageServer.Conversions;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Engine;
using CodeImprove.LanguageServer.Documents;
using CodeImprove.Memory;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary><c>codeImprove/episodes</c>: one filtered page of episode history, newest first (the side panel's list).</summary>
internal sealed class EpisodesHandler(Workspaces workspaces) : RequestHandler<EpisodesParams, EpisodesResult>
{
    public override string Method => LspMethods.Episodes;

    public override RequestKind Kind => RequestKind.Immediate;

    public override bool RequiresParams => false;

    public override async Task<EpisodesResult> HandleAsync(EpisodesParams? request, RequestContext context, CancellationToken cancellationToken)
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
            throw new InvalidArgumentException(e.Message);
        }
        var session = workspaces.Sessions.ForFolder(request.Folder is { } folder ? DocumentUris.ToPath(folder) : null);
        var page = await session.QueryEpisodesAsync(query, cancellationToken);
        return new EpisodesResult([.. page.Items.Select(e => e.ToLsp())], page.Total, page.Offset, page.Limit);
    }
}
