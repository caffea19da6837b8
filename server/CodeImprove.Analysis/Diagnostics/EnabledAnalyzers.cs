using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CodeImprove.Analysis.Diagnostics;

/// <summary>
/// The analyzers of a view that can report anything it keeps in one document. Most of the SDK's ~280 .NET analyzers have
/// every rule off by default, yet each one handed to CompilationWithAnalyzers costs its setup on every fresh compilation
/// (every edit, every candidate check). Only what certainly reports nothing is dropped, so the diagnostics stay the same:
/// a rule is off when it is disabled by default and nothing configures it, or when everything that configures it says
/// none. Views that drop hidden diagnostics (<see cref="DiagnosticView.Candidate"/>) also drop rules that can only be hidden.
/// Computed once per compilation options (they change with the project's settings and .editorconfig files) and file.
/// </summary>
internal static class EnabledAnalyzers
{
    private static readonly ConditionalWeakTable<CompilationOptions, ConcurrentDictionary<(AnalyzerSet, DiagnosticView, string), ImmutableArray<DiagnosticAnalyzer>>> Cache = new();

    public static ImmutableArray<DiagnosticAnalyzer> For(Project project, DiagnosticView view, SyntaxTree tree, CancellationToken cancellationToken)
    {
        var set = AnalyzerSet.Of(project, view);
        if (project.CompilationOptions is not { } options || set.Analyzers.IsEmpty)
        {
            return set.Analyzers;
        }
        return Cache.GetValue(options, _ => new()).GetOrAdd(
            (set, view, tree.FilePath),
            _ => Select(set, new Configuration(options, project.AnalyzerOptions.AnalyzerConfigOptionsProvider, tree, cancellationToken), view));
    }

    private static ImmutableArray<DiagnosticAnalyzer> Select(AnalyzerSet set, Configuration config, DiagnosticView view)
    {
        Func<DiagnosticDescriptor, bool> counts = view == DiagnosticView.Candidate
            ? rule => config.MayReport(rule) && (ImprovementRules.Ids.Contains(rule.Id) || config.MayBeVisible(rule))
            : config.MayReport;
        // Suppressors have no rules of their own: they act on other diagnostics.
        var kept = set.Analyzers.Where(a => a is DiagnosticSuppressor || set.RulesOf(a).Any(counts)).ToImmutableArray();
        // Shared arrays, so that documents with the same rules share one CompilationWithAnalyzers.
        return kept.Length == set.Analyzers.Length ? set.Analyzers : set.Intern(kept);
    }

    /// <summary>Where severities are configured: compiler options (NoWarn, WarningsAsErrors, rulesets), .editorconfig and global config files.</summary>
    private sealed class Configuration(CompilationOptions options, AnalyzerConfigOptionsProvider provider, SyntaxTree tree, CancellationToken cancellationToken)
    {
        private readonly AnalyzerConfigOptions _treeOptions = provider.GetOptions(tree);

        public bool MayReport(DiagnosticDescriptor rule) =>
            Configured(rule.Id).ToList() is { Count: > 0 } configured
                ? configured.Any(severity => severity != ReportDiagnostic.Suppress)
                : rule.IsEnabledByDefault || BulkConfigured(rule.Category);

        /// <summary>
        /// Whether a rule may report above hidden. Code-style rules (IDE) take their severity from the option that turns them on
        /// (`csharp_style_x = true:warning`), not from their descriptor, so they may whenever they are on.
        /// </summary>
        public bool MayBeVisible(DiagnosticDescriptor rule) =>
            rule.Id.StartsWith("IDE", StringComparison.Ordinal)
            || (Configured(rule.Id).ToList() is { Count: > 0 } configured
                ? configured.Any(severity => severity is not (ReportDiagnostic.Suppress or ReportDiagnostic.Hidden))
                : (rule.IsEnabledByDefault && rule.DefaultSeverity != DiagnosticSeverity.Hidden) || BulkConfigured(rule.Category));

        private IEnumerable<ReportDiagnostic> Configured(string id)
        {
            if (options.SyntaxTreeOptionsProvider is { } trees)
            {
                if (trees.TryGetDiagnosticValue(tree, id, cancellationToken, out var inTree))
                {
                    yield return inTree;
                }
                if (trees.TryGetGlobalDiagnosticValue(id, cancellationToken, out var global))
                {
                    yield return global;
                }
            }
            if (options.SpecificDiagnosticOptions.TryGetValue(id, out var specific))
            {
                yield return specific;
            }
        }

        /// <summary>dotnet_analyzer_diagnostic(.category-X).severity set to anything but none: taken as turning the rule on, to stay safe.</summary>
        private bool BulkConfigured(string category) =>
            new[] { $"dotnet_analyzer_diagnostic.category-{category}.severity", "dotnet_analyzer_diagnostic.severity" }
                .Any(key => (_treeOptions.TryGetValue(key, out var value) || provider.GlobalOptions.TryGetValue(key, out value))
                    && !string.Equals(value.Trim(), "none", StringComparison.OrdinalIgnoreCase));
    }
}
