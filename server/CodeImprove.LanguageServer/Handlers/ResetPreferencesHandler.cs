using CodeImprove.LanguageServer.Documents;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary><c>codeImprove/resetPreferences</c>: forgets the code-fix preferences learned in a folder, so rejected fixes are proposed again.</summary>
internal sealed class ResetPreferencesHandler(Workspaces workspaces) : RequestHandler<ResetPreferencesParams, ResetPreferencesResult>
{
    public override string Method => LspMethods.ResetPreferences;

    public override RequestKind Kind => RequestKind.Immediate;

    public override bool RequiresParams => false;

    public override async Task<ResetPreferencesResult> HandleAsync(ResetPreferencesParams? request, RequestContext context, CancellationToken cancellationToken)
    {
        var session = workspaces.Sessions.ForFolder(request?.Folder is { } folder ? DocumentUris.ToPath(folder) : null);
        return new ResetPreferencesResult(await session.ResetPreferencesAsync(cancellationToken));
    }
}
