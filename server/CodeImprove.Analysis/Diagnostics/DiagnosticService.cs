using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CodeImprove.Analysis.Diagnostics;

/// <summary>
/// Compiler diagnostics plus the project's analyzers for one document, with the project's .editorconfig and
/// severity settings applied (they live in the compilation's tree options and the project's analyzer options).
/// Results are cached per immutable Document snapshot, view and span, so repeated asks (publish, pull, code actions, the
/// unchanged side of candidate checks) compute once.
/// </summary>
internal static class DiagnosticService
{
    public const string CompilerSource = "csharp";

    private static readonly ConditionalWeakTable<Document, Dictionary<(DiagnosticView, TextSpan?), Task<ImmutableArray<Diagnostic>>>> ByDocument = new();
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<ImmutableArray<DiagnosticAnalyzer>, CompilationWithAnalyzers>> WithAnalyzers = new();
    private static readonly HashSet<string> DeprecationIds = ["CS0612", "CS0618", "CS0619"];

    /// <summary>All unsuppressed diagnostics located in the document, hidden ones included (code fixes need them).</summary>
    public static Task<ImmutableArray<Diagnostic>> GetAsync(Document document, CancellationToken cancellationToken, DiagnosticView view = DiagnosticView.Project) =>
        GetCachedAsync(document, null, view, cancellationToken);

    /// <summary>
    /// Compiler and analyzer diagnostics within one span only (Roslyn's span-based analysis, as light bulbs use):
    /// much cheaper on a fresh compilation, for checks that know which members changed and that nothing else did.
    /// Cached like whole documents, so candidates checked one after another against the same text analyze it once.
    /// A null span is the whole document.
    /// </summary>
    public static Task<ImmutableArray<Diagnostic>> GetForSpanAsync(Document document, TextSpan? span, CancellationToken cancellationToken, DiagnosticView view = DiagnosticView.Project) =>
        GetCachedAsync(document, span, view, cancellationToken);

    private static async Task<ImmutableArray<Diagnostic>> GetCachedAsync(Document document, TextSpan? span, DiagnosticView view, CancellationToken cancellationToken)
    {
        var cache = ByDocument.GetOrCreateValue(document);
        while (true)
        {
            Task<ImmutableArray<Diagnostic>> task;
            lock (cache)
            {
                if (!cache.TryGetValue((view, span), out task!) || task.IsCanceled || task.IsFaulted)
                {
                    task = ComputeAsync(document, span, view, cancellationToken);
                    cache[(view, span)] = task;
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

    private static async Task<ImmutableArray<Diagnostic>> ComputeAsync(Document document, TextSpan? span, DiagnosticView view, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken) ?? throw new InvalidOperationException($"{document.Name} has no semantic model");
        var tree = model.SyntaxTree;
        var all = ImmutableArray.CreateBuilder<Diagnostic>();
        all.AddRange(model.GetDiagnostics(span, cancellationToken));

        var analyzers = EnabledAnalyzers.For(document.Project, view, tree, cancellationToken);
        if (!analyzers.IsEmpty)
        {
            var withAnalyzers = WithAnalyzers.GetOrCreateValue(model.Compilation).GetOrAdd(analyzers, _ => model.Compilation.WithAnalyzers(analyzers,
                // Sequential: on a few cores, per-analyzer tasks cost more than they save for one document.
                new CompilationWithAnalyzersOptions(document.Project.AnalyzerOptions, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false)));
            var fromAnalyzers = new List<Diagnostic>();
            fromAnalyzers.AddRange(await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, span, cancellationToken));
            fromAnalyzers.AddRange(await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, span, cancellationToken));
            all.AddRange((span is { } within ? fromAnalyzers.Where(d => within.Contains(d.Location.SourceSpan)) : fromAnalyzers).Where(AnalyzerSet.Of(document.Project, view).Reports));
        }
        var located = all.Where(d => !d.IsSuppressed && d.Location.SourceTree == tree).Distinct();
        return view switch
        {
            DiagnosticView.Improvement => [.. located.Select(AtLeastSuggestion)],
            DiagnosticView.Candidate => [.. located.Select(AtLeastSuggestion).Where(d => d.Severity != DiagnosticSeverity.Hidden)],
            _ => [.. located],
        };
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
