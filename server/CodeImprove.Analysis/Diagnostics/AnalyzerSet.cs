using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CodeImprove.Analysis.Diagnostics;

/// <summary>
/// The C# analyzers a <see cref="DiagnosticView"/> runs for a project, the analyzer references they come from (where
/// code fix providers are found too), and which assembly reports which diagnostic id.
/// </summary>
internal sealed class AnalyzerSet
{
    private static readonly ConditionalWeakTable<IReadOnlyList<AnalyzerReference>, AnalyzerSet> ProjectSets = new();
    private static readonly ConditionalWeakTable<IReadOnlyList<AnalyzerReference>, AnalyzerSet> ImprovementSets = new();

    private readonly IReadOnlyDictionary<string, string> _sourceById;
    private readonly IReadOnlySet<string>? _onlyImprovementIdsFrom;
    private readonly List<ImmutableArray<DiagnosticAnalyzer>> _subsets = [];

    private AnalyzerSet(IReadOnlyList<AnalyzerReference> references, ImmutableArray<DiagnosticAnalyzer> analyzers, IReadOnlySet<string>? onlyImprovementIdsFrom = null)
    {
        References = references;
        Analyzers = analyzers;
        _onlyImprovementIdsFrom = onlyImprovementIdsFrom;
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

    public IReadOnlyList<AnalyzerReference> References { get; }

    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

    /// <summary>Project.AnalyzerReferences is the same list object across solution forks until references change, so sets are built once.</summary>
    public static AnalyzerSet Of(Project project, DiagnosticView view = DiagnosticView.Project) => view switch
    {
        DiagnosticView.Project => ProjectSets.GetValue(project.AnalyzerReferences, references => new AnalyzerSet(references, AnalyzersOf(references))),
        _ => ImprovementSets.GetValue(project.AnalyzerReferences, ForImprovement),
    };

    public const string UnknownSource = "analyzer";

    public string SourceOf(string diagnosticId) => _sourceById.TryGetValue(diagnosticId, out var source) ? source : UnknownSource;

    /// <summary>The rules of an analyzer that this view reports (of a built-in one, only the improvement rules).</summary>
    public IEnumerable<DiagnosticDescriptor> RulesOf(DiagnosticAnalyzer analyzer)
    {
        var rules = SupportedDiagnosticsOf(analyzer);
        return _onlyImprovementIdsFrom is not null && _onlyImprovementIdsFrom.Contains(analyzer.GetType().Assembly.GetName().Name ?? "")
            ? rules.Where(r => ImprovementRules.Ids.Contains(r.Id))
            : rules;
    }

    /// <summary>One array per distinct subset of the analyzers, so that equal subsets are the same key for caches.</summary>
    public ImmutableArray<DiagnosticAnalyzer> Intern(ImmutableArray<DiagnosticAnalyzer> subset)
    {
        lock (_subsets)
        {
            foreach (var known in _subsets.Where(known => known.SequenceEqual(subset)))
            {
                return known;
            }
            _subsets.Add(subset);
            return subset;
        }
    }

    /// <summary>Whether the view reports an analyzer diagnostic: built-in analyzers only count for the improvement rules.</summary>
    public bool Reports(Diagnostic diagnostic) =>
        _onlyImprovementIdsFrom is null || ImprovementRules.Ids.Contains(diagnostic.Id)
        || !_onlyImprovementIdsFrom.Contains(SourceOf(diagnostic.Id));

    /// <summary>
    /// The project's analyzers, plus those built-in analyzers that report an improvement rule, from the assemblies the project
    /// does not reference itself (a project with its own code-style package keeps its version and settings).
    /// </summary>
    private static AnalyzerSet ForImprovement(IReadOnlyList<AnalyzerReference> projectReferences)
    {
        var referenced = projectReferences.Select(BuiltInAnalyzers.NameOf).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var extra = BuiltInAnalyzers.All.Where(r => !referenced.Contains(BuiltInAnalyzers.NameOf(r))).ToList();
        var improving = AnalyzersOf(extra).Where(a => SupportedDiagnosticsOf(a).Any(d => ImprovementRules.Ids.Contains(d.Id)));
        var extraAssemblies = extra.Select(BuiltInAnalyzers.NameOf).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new AnalyzerSet([.. projectReferences, .. extra], [.. AnalyzersOf(projectReferences), .. improving], extraAssemblies);
    }

    private static ImmutableArray<DiagnosticAnalyzer> AnalyzersOf(IEnumerable<AnalyzerReference> references) =>
        [.. references.SelectMany(r => r.GetAnalyzers(LanguageNames.CSharp)).Distinct()];

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
