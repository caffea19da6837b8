using System.Text.Json;
using CodeImprove.Analysis;
using CodeImprove.Engine;
using CodeImprove.Inference.Llama;
using CodeImprove.LanguageServer.Conversions;
using CodeImprove.LanguageServer.Documents;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary>
/// <c>workspace/executeCommand</c> <c>codeImprove.improve</c>: runs the improvement loop on the text the editor has now,
/// reporting stage and cycle through work-done progress. <c>$/cancelRequest</c> or the progress's cancel button stops
/// it (the emergency stop): nothing is applied, the episode is recorded as cancelled.
/// </summary>
internal sealed class ExecuteCommandHandler(ImproveService improve, WorkspaceAnalysis analysis, DocumentStore documents, WorkDoneProgress progress,
    StatusReporter status, ModelHost models)
    : RequestHandler<ExecuteCommandParams, ImproveResponse>
{
    public override string Method => LspMethods.ExecuteCommand;

    // Runs for seconds to minutes: the user keeps typing meanwhile (the proposal is rebased or refused on accept).
    public override RequestKind Kind => RequestKind.Background;

    public override async Task<ImproveResponse> HandleAsync(ExecuteCommandParams? request, CancellationToken cancellationToken)
    {
        if (request!.Command != ServerCommands.Improve)
        {
            throw RpcErrors.InvalidParams($"Unknown command '{request.Command}': this server executes {ServerCommands.Improve}.");
        }
        var args = ReadArgs(request);
        var (path, text, version) = await SnapshotAsync(args.Uri, cancellationToken);
        var engine = await improve.GetEngineAsync(cancellationToken);

        await using var scope = await progress.BeginAsync($"CodeImprove: improving {Path.GetFileName(path)}", request.WorkDoneToken, cancellable: true, cancellationToken);
        using var busy = status.Busy();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, scope.Cancelled);
        try
        {
            var result = await engine.ImproveAsync(
                new ImproveRequest(path, text, args.Range.ToSource()) { Instruction = args.Instruction, Strategy = args.Strategy, Version = version },
                new ProgressReporter(scope),
                stop.Token);
            var tokensPerSecond = models.Current is LlamaModel { LastGeneration: { } stats } ? stats.DecodeTokensPerSecond : (double?)null;
            status.SetTokensPerSecond(tokensPerSecond);
            await scope.EndAsync(result.Improved ? $"proposal with {result.Proposal!.Hunks.Count} hunk(s)" : "no improvement found");
            return result.ToLsp(tokensPerSecond);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await scope.EndAsync("cancelled");
            throw RpcErrors.Cancelled("The improvement was cancelled; nothing was changed.");
        }
        catch (StaleProposalException e)
        {
            throw RpcErrors.ContentModified(e.Message);
        }
        catch (Exception e) when (e is EngineException or AnalysisException or ArgumentException)
        {
            throw RpcErrors.RequestFailed(e.Message);
        }
    }

    private static ImproveArgs ReadArgs(ExecuteCommandParams request)
    {
        try
        {
            return request.Arguments is [var first, ..] ? first.Deserialize<ImproveArgs>(LspJson.Options) ?? throw new JsonException("null")
                : throw RpcErrors.InvalidParams($"{ServerCommands.Improve} needs one argument {{ uri, range, instruction?, strategy? }}.");
        }
        catch (JsonException e)
        {
            throw RpcErrors.InvalidParams($"Invalid argument for {ServerCommands.Improve}: {e.Message}");
        }
    }

    /// <summary>The editor's buffer when the document is open, else the file on disk (the analysis holds the same text).</summary>
    private async Task<(string Path, string Text, int? Version)> SnapshotAsync(string uri, CancellationToken cancellationToken)
    {
        if (!WorkspaceAnalysis.IsCSharp(uri))
        {
            throw RpcErrors.RequestFailed($"CodeImprove improves C# files (.cs); '{uri}' is not one.");
        }
        if (analysis.Refusal(uri) is { } reason)
        {
            throw RpcErrors.RequestFailed($"CodeImprove cannot improve this document: {reason}.");
        }
        var path = DocumentUris.ToPath(uri);
        if (documents.Get(uri) is { } open)
        {
            return (path, open.Text, open.Version);
        }
        try
        {
            return (path, await File.ReadAllTextAsync(path, cancellationToken), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw RpcErrors.RequestFailed($"Cannot read {path}: {e.Message}");
        }
    }

    /// <summary>Loop stages as progress messages, e.g. "cycle 2: analyzing: ..." (fire and forget: the loop never waits for the client).</summary>
    private sealed class ProgressReporter(ProgressScope scope) : IProgress<LoopProgress>
    {
        public void Report(LoopProgress value) =>
            _ = scope.ReportAsync(value.Cycle > 0 ? $"cycle {value.Cycle}: {value.Stage.ToString().ToLowerInvariant()}: {value.Message}" : value.Message);
    }
}
