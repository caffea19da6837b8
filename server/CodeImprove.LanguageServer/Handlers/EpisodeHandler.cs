using CodeImprove.LanguageServer.Conversions;
using CodeImprove.LanguageServer.Documents;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary><c>codeImprove/episode</c>: everything recorded about one episode (the detail view).</summary>
internal sealed class EpisodeHandler(Workspaces workspaces) : RequestHandler<EpisodeParams, EpisodeInfo>
{
    public override string Method => LspMethods.Episode;

    public override RequestKind Kind => RequestKind.Immediate;

    public override async Task<EpisodeInfo> HandleAsync(EpisodeParams? request, RequestContext context, CancellationToken cancellationToken)
    {
        var session = workspaces.Sessions.ForFolder(request!.Folder is { } folder ? DocumentUris.ToPath(folder) : null);
        return (await session.GetEpisodeAsync(request.Id, cancellationToken)).ToLsp();
    }
}
