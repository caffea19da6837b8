using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary><c>window/workDoneProgress/cancel</c>: the cancel button of a server-created progress (e.g. an improvement).</summary>
internal sealed class WorkDoneProgressCancelHandler(WorkDoneProgress progress) : NotificationHandler<WorkDoneProgressCancelParams>
{
    public override string Method => LspMethods.WorkDoneProgressCancel;

    // It must overtake the work it cancels, so it does not queue behind anything but mutations.
    public override RequestKind Kind => RequestKind.ReadOnly;

    public override Task HandleAsync(WorkDoneProgressCancelParams? notification, CancellationToken cancellationToken)
    {
        progress.Cancel(notification!.Token);
        return Task.CompletedTask;
    }
}
