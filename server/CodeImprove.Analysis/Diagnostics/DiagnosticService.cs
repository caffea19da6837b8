using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CodeImprove.Analysis.Diagnostics;

/// <summary>
/// Compiler diagnostics plus the project's analyzers for one document, with the project's .editorconfig and
/// severity settings applied (they live in the compilation's tree options and the project's analyzer options).
/// Results are cached per immutable Document snapshot and view, so repeated asks (publish, pull, code actions) compute once.
/// </summary>
internal static class DiagnosticService
{
    public const string CompilerSource = "csharp";

    private static readonly ConditionalWeakTable<Document, Task<ImmutableArray<Diagnostic>>>[] ByDocument = [new(), new()];
    private static readonly ConditionalWeakTable<Compilation, CompilationWithAnalyzers>[] WithAnalyzers = [new(), new()];
    private static readonly HashSet<string> DeprecationIds = ["CS0612", "CS0618", "CS0619"];

    /// <summary>All unsuppressed diagnostics located in the document, hidden ones included (code fixes need them).</summary>
    public static async Task<ImmutableArray<Diagnostic>> GetAsync(Document document, CancellationToken cancellationToken, DiagnosticView view = DiagnosticView.Project)
    {
        var cache = ByDocument[(int)view];
        while (true)
        {
            Task<ImmutableArray<Diagnostic>> task;
            lock (cache)
            {
                if (!cache.TryGetValue(document, out task!) || task.IsCanceled || task.IsFaulted)
                {
                    task = ComputeAsync(document, null, view, cancellationToken);
                    cache.AddOrUpdate(document, task);
                }
            }
            try
            {
                return await task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Another caller's request was cancelled while we shared its computation: compute again.
            }
        }
    }

    public static AnalysisDiagnostic ToResult(Diagnostic diagnostic, Document document, SourceText text)
    {
        var isCompiler = diagnostic.Descriptor.CustomTags.Contains(WellKnownDiagnosticTags.Compiler);
        var help = diagnostic.Descriptor.HelpLinkUri;
        return new AnalysisDiagnostic(
            document.FilePath ?? document.Name,
            SourceRange.From(text, diagnostic.Location.SourceSpan),
            diagnostic.Id,
            diagnostic.GetMessage(),
            LevelOf(diagnostic.Severity),
            isCompiler ? CompilerSource : SourceOf(document.Project, diagnostic.Id),
            string.IsNullOrWhiteSpace(help) ? null : help,
            diagnostic.Descriptor.CustomTags.Contains(WellKnownDiagnosticTags.Unnecessary),
            DeprecationIds.Contains(diagnostic.Id));
    }

    /// <summary>The analyzer assembly of an id: the project's own, else a built-in one (improvement rules).</summary>
    private static string SourceOf(Project project, string diagnosticId) =>
        AnalyzerSet.Of(project).SourceOf(diagnosticId) is var source && source != AnalyzerSet.UnknownSource
            ? source
            : AnalyzerSet.Of(project, DiagnosticView.Improvement).SourceOf(diagnosticId);

    public static DiagnosticLevel LevelOf(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => DiagnosticLevel.Error,
        DiagnosticSeverity.Warning => DiagnosticLevel.Warning,
        DiagnosticSeverity.Info => DiagnosticLevel.Information,
        _ => DiagnosticLevel.Hint,
    };

    /// <summary>
    /// Compiler and analyzer diagnostics within one span only (Roslyn's span-based analysis, as light bulbs use):
    /// much cheaper on a fresh compilation, for checks that know which members changed and that nothing else did.
    /// </summary>
    public static Task<ImmutableArray<Diagnostic>> GetForSpanAsync(Document document, TextSpan span, CancellationToken cancellationToken, DiagnosticView view = DiagnosticView.Project) =>
        ComputeAsync(document, span, view, cancellationToken);

    private static async Task<ImmutableArray<Diagnostic>> ComputeAsync(Document document, TextSpan? span, DiagnosticView view, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken) ?? throw new InvalidOperationException($"{document.Name} has no semantic model");
        var tree = model.SyntaxTree;
        var all = ImmutableArray.CreateBuilder<Diagnostic>();
        all.AddRange(model.GetDiagnostics(span, cancellationToken));

        var set = AnalyzerSet.Of(document.Project, view);
        var analyzers = set.Analyzers;
        if (!analyzers.IsEmpty)
        {
            var withAnalyzers = WithAnalyzers[(int)view].GetValue(model.Compilation, compilation => compilation.WithAnalyzers(analyzers,
                // Sequential: on a few cores, per-analyzer tasks cost more than they save for one document.
                new CompilationWithAnalyzersOptions(document.Project.AnalyzerOptions, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false)));
            var fromAnalyzers = new List<Diagnostic>();
            fromAnalyzers.AddRange(await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, span, cancellationToken));
            fromAnalyzers.AddRange(await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, span, cancellationToken));
            all.AddRange((span is { } within ? fromAnalyzers.Where(d => within.Contains(d.Location.SourceSpan)) : fromAnalyzers).Where(set.Reports));
        }
        var located = all.Where(d => !d.IsSuppressed && d.Location.SourceTree == tree).Distinct();
        return [.. view == DiagnosticView.Improvement ? located.Select(AtLeastSuggestion) : located];
    }

    /// <summary>Improvement rules count as suggestions even where the project leaves them hidden (the style analyzers' default).</summary>
    private static Diagnostic AtLeastSuggestion(Diagnostic d)
    {
        if (d.Severity != DiagnosticSeverity.Hidden || !ImprovementRules.Ids.Contains(d.Id))
        {
            return d;
        }
        // Diagnostic.WithSeverity is internal: the same diagnostic (id, location, properties fixes read) at Info.
        var descriptor = d.Descriptor;
        return Diagnostic.Create(d.Id, descriptor.Category, d.GetMessage(), DiagnosticSeverity.Info, descriptor.DefaultSeverity, descriptor.IsEnabledByDefault,
            warningLevel: 1, isSuppressed: false, descriptor.Title, descriptor.Description, descriptor.HelpLinkUri, d.Location, d.AdditionalLocations,
            descriptor.CustomTags, d.Properties);
    }
}
