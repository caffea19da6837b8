using System.Text.Json;
using CodeImprove.Analysis;
using CodeImprove.Analysis.CodeActions;
using CodeImprove.Engine;
using CodeImprove.LanguageServer.Documents;
using CodeImprove.LanguageServer.Conversions;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary><c>codeAction/resolve</c>: computes a quick fix's edit on the current text. "Improve" actions need nothing more.</summary>
internal sealed class CodeActionResolveHandler(Workspaces analysis) : RequestHandler<CodeAction, CodeAction>
{
    public override string Method => LspMethods.CodeActionResolve;

    public override RequestKind Kind => RequestKind.Background;

    public override string? DocumentUri(CodeAction action) => ReadReference(action) is { } reference ? DocumentUris.FromPath(reference.FilePath) : null;

    private static CodeFixReference? ReadReference(CodeAction action)
    {
        try
        {
            return action.Data is { ValueKind: JsonValueKind.Object } data ? data.Deserialize<CodeFixReference>(LspJson.Options) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public override async Task<CodeAction> HandleAsync(CodeAction? action, RequestContext context, CancellationToken cancellationToken)
    {
        if (action!.Data is not { ValueKind: JsonValueKind.Object } data)
        {
            return action;
        }
        CodeFixReference reference;
        try
        {
            reference = data.Deserialize<CodeFixReference>(LspJson.Options) ?? throw new JsonException("empty data");
        }
        catch (JsonException e)
        {
            throw new InvalidArgumentException($"this code action's data is not one the server made: {e.Message}");
        }
        var uri = DocumentUris.FromPath(reference.FilePath);
        if (context.Document?.Unsynchronized is { } lost)
        {
            throw ExecuteCommandHandler.UnsynchronizedError(reference.FilePath, lost);
        }
        var (_, workspace) = await analysis.SnapshotAsync(uri, context.Document, cancellationToken);
        try
        {
            var edit = await workspace.ResolveCodeFixAsync(reference, cancellationToken)
                ?? throw new StaleProposalException($"'{reference.Title}' is no longer offered here: the code changed. Ask for code actions again");
            return action with { Edit = edit.ToLsp() };
        }
        catch (Exception e) when (e is AnalysisException or NotSupportedException)
        {
            throw new EngineException($"'{reference.Title}' could not be computed: {e.Message}");
        }
    }
}
