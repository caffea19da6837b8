using System.Collections.Immutable;
using CodeImprove.Analysis.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace CodeImprove.Analysis.CodeActions;

/// <summary>Quick fixes through Roslyn's public code-fix API: list titles cheaply, compute edits on resolve.</summary>
internal static class CodeFixService
{
    public static async Task<IReadOnlyList<CodeFixSuggestion>> ListAsync(Document document, TextSpan span, CancellationToken cancellationToken)
    {
        var text = await document.GetTextAsync(cancellationToken);
        var suggestions = new List<CodeFixSuggestion>();
        foreach (var (diagnostic, action) in await FixesAsync(document, span, cancellationToken))
        {
            var result = DiagnosticService.ToResult(diagnostic, document, text);
            var reference = new CodeFixReference(result.FilePath, diagnostic.Id, result.Range, action.Title, action.EquivalenceKey);
            suggestions.Add(new CodeFixSuggestion(action.Title, result, reference));
        }
        return suggestions;
    }

    /// <summary>The edits of a listed fix, or null when the document changed so that the fix is no longer offered.</summary>
    public static async Task<WorkspaceEditResult?> ResolveAsync(Document document, CodeFixReference reference, CancellationToken cancellationToken)
    {
        var text = await document.GetTextAsync(cancellationToken);
        var span = reference.DiagnosticRange.ToTextSpan(text);
        var match = (await FixesAsync(document, span, cancellationToken)).FirstOrDefault(f =>
            f.Diagnostic.Id == reference.DiagnosticId && f.Diagnostic.Location.SourceSpan == span
            && f.Action.Title == reference.Title && f.Action.EquivalenceKey == reference.EquivalenceKey);
        if (match.Action is null)
        {
            return null;
        }
        var operations = await match.Action.GetOperationsAsync(cancellationToken);
        var changed = operations.OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution;
        return changed is null ? null : await SolutionDiff.ComputeAsync(document.Project.Solution, changed, cancellationToken);
    }

    private static async Task<IReadOnlyList<(Diagnostic Diagnostic, CodeAction Action)>> FixesAsync(Document document, TextSpan span, CancellationToken cancellationToken)
    {
        var providers = CodeFixProviders.Of(document.Project);
        var diagnostics = (await DiagnosticService.GetAsync(document, cancellationToken))
            .Where(d => Touches(d.Location.SourceSpan, span))
            .ToList();
        var fixes = new List<(Diagnostic, CodeAction)>();
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
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    continue; // a faulty provider offers nothing; the others still do
                }
                fixes.AddRange(registered.SelectMany(Flatten).Select(a => (diagnostic, a)));
            }
        }
        return fixes;
    }

    /// <summary>Nested actions (e.g. "fix in document / project") become separate entries.</summary>
    private static IEnumerable<CodeAction> Flatten(CodeAction action) =>
        action.NestedActions.IsDefaultOrEmpty ? [action] : action.NestedActions.SelectMany(Flatten);

    private static bool Touches(TextSpan diagnostic, TextSpan request) =>
        request.IsEmpty ? diagnostic.Start <= request.Start && request.Start <= diagnostic.End : diagnostic.OverlapsWith(request) || request.Contains(diagnostic);
}
