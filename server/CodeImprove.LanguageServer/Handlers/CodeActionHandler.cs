using System.Text.Json;
using CodeImprove.Analysis;
using CodeImprove.Analysis.CodeActions;
using CodeImprove.LanguageServer.Conversions;
using CodeImprove.LanguageServer.Documents;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

/// <summary>
/// <c>textDocument/codeAction</c>, sent on every cursor move, so it stays cheap: "Improve" actions come from syntax
/// alone and carry the <c>codeImprove.improve</c> command; quick fixes are listed by title and their edits are left
/// to <c>codeAction/resolve</c>.
/// </summary>
internal sealed class CodeActionHandler(Workspaces analysis, ConfigurationService configuration) : RequestHandler<CodeActionParams, IReadOnlyList<CodeAction>>
{
    public override string Method => LspMethods.CodeAction;

    public override RequestKind Kind => RequestKind.Background;

    public override string? DocumentUri(CodeActionParams request) => request.TextDocument.Uri;

    public override async Task<IReadOnlyList<CodeAction>> HandleAsync(CodeActionParams? request, RequestContext context, CancellationToken cancellationToken)
    {
        var uri = request!.TextDocument.Uri;
        if (!analysis.IsAnalyzed(uri))
        {
            return [];
        }
        var (path, workspace) = await analysis.SnapshotAsync(uri, context.Document, cancellationToken);
        var range = request.Range.ToSource();
        var actions = new List<CodeAction>();
        try
        {
            if (Wants(request.Context.Only, CodeActionKinds.RefactorRewrite))
            {
                var targets = await workspace.FindImproveTargetsAsync(path, range, cancellationToken);
                actions.AddRange(targets.Select(target => ImproveAction(uri, request.Range, target)));
            }
            // Beside the C# extension (diagnostics.scope "own") its quick fixes are already in the light bulb.
            if (Wants(request.Context.Only, CodeActionKinds.QuickFix) && !configuration.Current.Diagnostics.OwnOnly)
            {
                var fixes = await workspace.GetCodeFixesAsync(path, range, cancellationToken);
                actions.AddRange(fixes.Select(fix => new CodeAction(fix.Title)
                {
                    Kind = CodeActionKinds.QuickFix,
                    Diagnostics = [fix.Diagnostic.ToLsp()],
                    Data = JsonSerializer.SerializeToElement(fix.Reference, LspJson.Options),
                }));
            }
        }
        catch (DocumentNotFoundException)
        {
            return [];
        }
        return actions;
    }

    private static CodeAction ImproveAction(string uri, Protocol.Range requested, ImproveTarget target)
    {
        var selection = target.Kind == ImproveTargetKind.Selection;
        var title = selection ? "Improve selection" : $"Improve this {target.MemberKind}";
        // A member is named by a cursor in it (the engine takes the enclosing member); a selection by its range.
        var range = selection ? requested : new Protocol.Range(target.NameRange.ToLsp().Start, target.NameRange.ToLsp().Start);
        return new CodeAction(title)
        {
            Kind = CodeActionKinds.RefactorRewrite,
            Command = new Command(title, ServerCommands.Improve, [new ImproveArgs(uri, range)]),
        };
    }

    /// <summary>LSP's <c>only</c> filter matches a kind and its sub-kinds ("refactor" admits "refactor.rewrite").</summary>
    private static bool Wants(IReadOnlyList<string>? only, string kind) =>
        only is null || only.Any(o => kind == o || kind.StartsWith(o + ".", StringComparison.Ordinal));
}
