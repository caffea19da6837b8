using System.Text.Json;
using CodeImprove.Engine;
using CodeImprove.Engine.Sessions;
using CodeImprove.LanguageServer.Conversions;
using CodeImprove.LanguageServer.Documents;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary>
/// <c>workspace/executeCommand</c> <c>codeImprove.improve</c>: runs the improvement loop on the document as the editor had
/// it when the command arrived (captured before this handler runs), reporting stage and cycle through work-done progress.
/// <c>$/cancelRequest</c> or the progress's cancel button stops it (the emergency stop): nothing is applied, the episode is
/// recorded as cancelled.
/// </summary>
internal sealed class ExecuteCommandHandler(Workspaces workspaces, WorkDoneProgress progress, StatusReporter status)
    : RequestHandler<ExecuteCommandParams, ImproveResponse>
{
    public override string Method => LspMethods.ExecuteCommand;

    // Runs for seconds to minutes: the user keeps typing meanwhile (the proposal is rebased or refused on accept).
    public override RequestKind Kind => RequestKind.Background;

    public override string? DocumentUri(ExecuteCommandParams request) => TryReadArgs(request)?.Uri;

    public override async Task<ImproveResponse> HandleAsync(ExecuteCommandParams? request, RequestContext context, CancellationToken cancellationToken)
    {
        if (request!.Command != ServerCommands.Improve)
        {
            throw new InvalidArgumentException($"unknown command '{request.Command}': this server executes {ServerCommands.Improve}");
        }
        var args = ReadArgs(request);
        var (path, text, version) = await SnapshotAsync(args.Uri, context.Document, cancellationToken);
        var session = workspaces.For(args.Uri);

        await using var scope = await progress.BeginAsync($"CodeImprove: improving {Path.GetFileName(path)}", request.WorkDoneToken, cancellable: true, cancellationToken);
        using var busy = status.Busy();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, scope.Cancelled);
        try
        {
            var result = await session.ImproveAsync(
                new ImproveRequest(path, text, args.Range.ToSource()) { Instruction = args.Instruction, Strategy = args.Strategy, Version = version },
                new ProgressReporter(scope),
                stop.Token);
            status.SetTokensPerSecond(result.TokensPerSecond);
            await scope.EndAsync(result.Improved ? $"proposal with {result.Proposal!.Hunks.Count} hunk(s)" : "no improvement found");
            return result.ToLsp(result.TokensPerSecond);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await scope.EndAsync("cancelled");
            throw new OperationCanceledException("The improvement was cancelled; nothing was changed.");
        }
    }

    private static ImproveArgs? TryReadArgs(ExecuteCommandParams request)
    {
        try
        {
            return request.Command == ServerCommands.Improve ? ReadArgs(request) : null;
        }
        catch (InvalidArgumentException)
        {
            return null;
        }
    }

    private static ImproveArgs ReadArgs(ExecuteCommandParams request)
    {
        try
        {
            var args = request.Arguments is [var first, ..] ? first.Deserialize<ImproveArgs>(LspJson.Options) ?? throw new JsonException("null")
                : throw new InvalidArgumentException($"{ServerCommands.Improve} needs one argument {{ uri, range, instruction?, strategy? }}");
            return RequiredFields.FirstMissing(args) is { } missing
                ? throw new InvalidArgumentException($"{ServerCommands.Improve} needs '{missing}' in its argument {{ uri, range, instruction?, strategy? }}")
                : args;
        }
        catch (JsonException e)
        {
            throw new InvalidArgumentException($"invalid argument for {ServerCommands.Improve}: {e.Message}");
        }
    }

    /// <summary>The editor's buffer as captured when the document is open, else the file on disk (the analysis holds the same text).</summary>
    private async Task<(string Path, string Text, int? Version)> SnapshotAsync(string uri, TextDocument? open, CancellationToken cancellationToken)
    {
        if (!Workspaces.IsCSharp(uri))
        {
            throw new EngineException($"CodeImprove improves C# files (.cs); '{uri}' is not one");
        }
        if (workspaces.Refusal(uri) is { } reason)
        {
            throw new EngineException($"CodeImprove cannot improve this document: {reason}");
        }
        var path = DocumentUris.ToPath(uri);
        if (open is not null)
        {
            return open.Unsynchronized is { } lost
                ? throw UnsynchronizedError(path, lost)
                : (path, open.Text, open.Version);
        }
        // The limits of open documents hold for closed files too (a huge generated file would cost minutes and a gigabyte).
        var text = await WorkspaceSession.ReadTextAsync(path, cancellationToken);
        return AnalysisLimits.Refusal(new TextDocument(uri, "csharp", 0, text)) is { } refusal
            ? throw new EngineException($"CodeImprove cannot improve this file: {refusal}")
            : (path, text, null);
    }

    internal static DocumentUnsynchronizedException UnsynchronizedError(string path, string reason) =>
        new($"the server's copy of {Path.GetFileName(path)} no longer matches the editor's ({reason}); close the file and open it again, then retry");

    /// <summary>Loop stages as progress messages, e.g. "cycle 2: analyzing: ..." (fire and forget: the loop never waits for the client).</summary>
    private sealed class ProgressReporter(ProgressScope scope) : IProgress<LoopProgress>
    {
        public void Report(LoopProgress value) =>
            _ = scope.ReportAsync(value.Cycle > 0 ? $"cycle {value.Cycle}: {value.Stage.ToString().ToLowerInvariant()}: {value.Message}" : value.Message);
    }
}
