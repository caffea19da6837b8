using CodeImprove.Analysis.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Microsoft.Extensions.Logging;

namespace CodeImprove.Analysis.CodeActions;

/// <summary>
/// Quick fixes through Roslyn's public code-fix API: list titles cheaply, compute edits on resolve. Providers come from
/// third-party packages, so a provider or action that throws is logged and left out; the other fixes are still offered.
/// </summary>
internal static class CodeFixService
{
    public static async Task<IReadOnlyList<CodeFixSuggestion>> ListAsync(Document document, TextSpan span, DiagnosticView view, ILogger logger, CancellationToken cancellationToken)
    {
        var text = await document.GetTextAsync(cancellationToken);
        var suggestions = new List<CodeFixSuggestion>();
        foreach (var fix in await FixesAsync(document, span, view, logger, cancellationToken))
        {
            var result = DiagnosticService.ToResult(fix.Diagnostic, document, text);
            var reference = new CodeFixReference(result.FilePath, fix.Diagnostic.Id, result.Range, fix.Action.Title, fix.Action.EquivalenceKey)
            {
                ImprovementView = view == DiagnosticView.Improvement,
            };
            suggestions.Add(new CodeFixSuggestion(fix.Action.Title, result, reference));
        }
        return suggestions;
    }

    /// <summary>
    /// The edits of a listed fix, or null when the document changed so that the fix is no longer offered.
    /// A fix whose provider fails to compute it is a <see cref="CodeFixFailedException"/>.
    /// </summary>
    public static async Task<WorkspaceEditResult?> ResolveAsync(Document document, CodeFixReference reference, ILogger logger, CancellationToken cancellationToken)
    {
        var text = await document.GetTextAsync(cancellationToken);
        var span = reference.DiagnosticRange.ToTextSpan(text);
        var view = reference.ImprovementView ? DiagnosticView.Improvement : DiagnosticView.Project;
        var match = (await FixesAsync(document, span, view, logger, cancellationToken)).FirstOrDefault(f =>
            f.Diagnostic.Id == reference.DiagnosticId && f.Diagnostic.Location.SourceSpan == span
            && f.Action.Title == reference.Title && f.Action.EquivalenceKey == reference.EquivalenceKey);
        if (match.Action is null)
        {
            return null;
        }
        Solution? changed;
        try
        {
            var operations = await match.Action.GetOperationsAsync(cancellationToken);
            changed = operations.OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var provider = match.Provider.GetType().FullName ?? match.Provider.GetType().Name;
            logger.LogWarning(e, "The code fix '{Title}' for {DiagnosticId} from {Provider} failed", reference.Title, reference.DiagnosticId, provider);
            throw new CodeFixFailedException(reference, provider, e);
        }
        return changed is null ? null : await SolutionDiff.ComputeAsync(document.Project.Solution, changed, cancellationToken);
    }

    private static async Task<IReadOnlyList<(Diagnostic Diagnostic, CodeAction Action, CodeFixProvider Provider)>> FixesAsync(
        Document document, TextSpan span, DiagnosticView view, ILogger logger, CancellationToken cancellationToken)
    {
        var providers = CodeFixProviders.Of(AnalyzerSet.Of(document.Project, view));
        var diagnostics = (await DiagnosticService.GetForSpanAsync(document, await AnalyzedSpanAsync(document, span, cancellationToken), cancellationToken, view))
            .Where(d => Touches(d.Location.SourceSpan, span))
            .ToList();
        var fixes = new List<(Diagnostic, CodeAction, CodeFixProvider)>();
        foreach (var diagnostic in diagnostics)
        {
            foreach (var provider in providers.For(diagnostic.Id))
            {
                var registered = new List<CodeAction>();
                var context = new CodeFixContext(document, diagnostic.Location.SourceSpan, [diagnostic], (action, _) => registered.Add(action), cancellationToken);
                try
                {
                    await provider.RegisterCodeFixesAsync(context);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "The code fix provider {Provider} failed for {DiagnosticId}; its fixes are left out", provider.GetType().FullName, diagnostic.Id);
                    continue;
                }
                fixes.AddRange(registered.SelectMany(Flatten).Select(a => (diagnostic, a, provider)));
            }
        }
        return fixes;
    }

    /// <summary>
    /// What is analyzed for fixes at a span: the innermost member around it (a method, property, field...), as light bulbs
    /// do, so a code action on a fresh version does not analyze the whole file; the whole document outside members.
    /// </summary>
    private static async Task<TextSpan?> AnalyzedSpanAsync(Document document, TextSpan span, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken);
        if (root is null || span.End > root.FullSpan.End)
        {
            return null;
        }
        var member = root.FindToken(span.Start).Parent?.AncestorsAndSelf().OfType<MemberDeclarationSyntax>()
            .FirstOrDefault(m => m is not BaseTypeDeclarationSyntax and not BaseNamespaceDeclarationSyntax && m.FullSpan.Contains(span));
        return member?.FullSpan;
    }

    /// <summary>Nested actions (e.g. "fix in document / project") become separate entries.</summary>
    private static IEnumerable<CodeAction> Flatten(CodeAction action) =>
        action.NestedActions.IsDefaultOrEmpty ? [action] : action.NestedActions.SelectMany(Flatten);

    private static bool Touches(TextSpan diagnostic, TextSpan request) =>
        request.IsEmpty ? diagnostic.Start <= request.Start && request.Start <= diagnostic.End : diagnostic.OverlapsWith(request) || request.Contains(diagnostic);
}
