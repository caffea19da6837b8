using CodeImprove.LanguageServer.Hosting;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary>Ends the process: exit code 0 after 'shutdown', 1 without (as the spec says).</summary>
internal sealed class ExitHandler(ServerLifecycle lifecycle, ServerState state) : NotificationHandler<NoParams>
{
    public override string Method => LspMethods.Exit;

    public override bool RequiresParams => false;

    public override Task HandleAsync(NoParams? notification, CancellationToken cancellationToken)
    {
        state.RequestExit(lifecycle.ShutdownRequested ? 0 : 1);
        return Task.CompletedTask;
    }
}
