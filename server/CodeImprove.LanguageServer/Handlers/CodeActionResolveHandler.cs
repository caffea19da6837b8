using System.Text.Json;
using CodeImprove.Analysis;
using CodeImprove.Analysis.CodeActions;
using CodeImprove.LanguageServer.Conversions;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary><c>codeAction/resolve</c>: computes a quick fix's edit on the current text. "Improve" actions need nothing more.</summary>
internal sealed class CodeActionResolveHandler(WorkspaceAnalysis analysis) : RequestHandler<CodeAction, CodeAction>
{
    public override string Method => LspMethods.CodeActionResolve;

    public override RequestKind Kind => RequestKind.Background;

    public override async Task<CodeAction> HandleAsync(CodeAction? action, CancellationToken cancellationToken)
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
            throw RpcErrors.InvalidParams($"This code action's data is not one the server made: {e.Message}");
        }
        var workspace = (await analysis.GetAsync(cancellationToken)).Snapshot();
        try
        {
            var edit = await workspace.ResolveCodeFixAsync(reference, cancellationToken)
                ?? throw RpcErrors.ContentModified($"'{reference.Title}' is no longer offered here: the code changed. Ask for code actions again.");
            return action with { Edit = edit.ToLsp() };
        }
        catch (Exception e) when (e is AnalysisException or NotSupportedException)
        {
            throw RpcErrors.RequestFailed($"'{reference.Title}' could not be computed: {e.Message}");
        }
    }
}
