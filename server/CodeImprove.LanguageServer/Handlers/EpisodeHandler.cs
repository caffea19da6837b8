using CodeImprove.LanguageServer.Conversions;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary><c>codeImprove/episode</c>: everything recorded about one episode (the detail view).</summary>
internal sealed class EpisodeHandler(WorkspaceMemory memory) : RequestHandler<EpisodeParams, EpisodeInfo>
{
    public override string Method => LspMethods.Episode;

    public override async Task<EpisodeInfo> HandleAsync(EpisodeParams? request, CancellationToken cancellationToken)
    {
        var store = await memory.OpenForRequestAsync();
        var episode = await store.GetEpisodeAsync(request!.Id, cancellationToken)
            ?? throw RpcErrors.RequestFailed($"There is no episode {request.Id} in this workspace's memory.");
        return episode.ToLsp();
    }
}
