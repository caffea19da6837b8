using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CodeImprove.Analysis.Diagnostics;

/// <summary>The C# analyzers of a project's analyzer references, and which assembly reports which diagnostic id.</summary>
internal sealed class AnalyzerSet
{
    private static readonly ConditionalWeakTable<IReadOnlyList<AnalyzerReference>, AnalyzerSet> Cache = new();

    private readonly IReadOnlyDictionary<string, string> _sourceById;

    private AnalyzerSet(ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        Analyzers = analyzers;
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var analyzer in analyzers)
        {
            foreach (var descriptor in SupportedDiagnosticsOf(analyzer))
            {
                sources.TryAdd(descriptor.Id, analyzer.GetType().Assembly.GetName().Name ?? "analyzer");
            }
        }
        _sourceById = sources;
    }

    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

    /// <summary>Project.AnalyzerReferences is the same list object across solution forks until references change.</summary>
    public static AnalyzerSet Of(Project project) =>
        Cache.GetValue(project.AnalyzerReferences, references => new AnalyzerSet(
            [.. references.SelectMany(r => r.GetAnalyzers(LanguageNames.CSharp)).Distinct()]));

    public string SourceOf(string diagnosticId) => _sourceById.TryGetValue(diagnosticId, out var source) ? source : "analyzer";

    private static ImmutableArray<DiagnosticDescriptor> SupportedDiagnosticsOf(DiagnosticAnalyzer analyzer)
    {
        try
        {
            return analyzer.SupportedDiagnostics;
        }
        catch (Exception)
        {
            // A broken analyzer must not take the others down; CompilationWithAnalyzers reports it as AD0001.
            return [];
        }
    }
}
