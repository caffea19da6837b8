using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;
using CodeImprove.Analysis.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CodeImprove.Analysis.CodeActions;

/// <summary>
/// The C# code fix providers that the analyzer assemblies of a view ship (the project's packages; for the improvement
/// view also the built-in ones): the types marked [ExportCodeFixProvider] in the assemblies of the analyzer references,
/// loaded through the same references (and so the same load context) as the analyzers.
/// </summary>
internal sealed class CodeFixProviders
{
    private static readonly ConditionalWeakTable<AnalyzerReference, IReadOnlyList<CodeFixProvider>> ByReference = new();
    private static readonly ConditionalWeakTable<IReadOnlyList<AnalyzerReference>, CodeFixProviders> ByProject = new();

    private readonly ILookup<string, CodeFixProvider> _byDiagnosticId;

    private CodeFixProviders(IEnumerable<CodeFixProvider> providers) =>
        _byDiagnosticId = providers
            .SelectMany(p => FixableIds(p).Select(id => (Id: id, Provider: p)))
            .ToLookup(x => x.Id, x => x.Provider, StringComparer.Ordinal);

    public static CodeFixProviders Of(AnalyzerSet analyzers) =>
        ByProject.GetValue(analyzers.References, references => new CodeFixProviders(references.SelectMany(r => ByReference.GetValue(r, Load))));

    public IEnumerable<CodeFixProvider> For(string diagnosticId) => _byDiagnosticId[diagnosticId];

    private static IReadOnlyList<CodeFixProvider> Load(AnalyzerReference reference)
    {
        if (reference is not AnalyzerFileReference file)
        {
            return [];
        }
        Assembly assembly;
        try
        {
            assembly = file.GetAssembly();
        }
        catch (Exception)
        {
            return []; // the analyzer host reports an unloadable analyzer assembly already
        }
        return TypesOf(assembly).Where(IsCSharpCodeFixProvider).Select(Create).OfType<CodeFixProvider>().ToList();
    }

    private static IEnumerable<Type> TypesOf(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }

    private static bool IsCSharpCodeFixProvider(Type type)
    {
        try
        {
            return !type.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(type)
                && type.GetCustomAttribute<ExportCodeFixProviderAttribute>() is { } export
                && export.Languages.Contains(LanguageNames.CSharp);
        }
        catch (Exception)
        {
            return false;
        }
    }

    private static CodeFixProvider? Create(Type type)
    {
        try
        {
            return (CodeFixProvider?)Activator.CreateInstance(type);
        }
        catch (Exception)
        {
            return null; // providers that need MEF-imported services cannot run outside Visual Studio
        }
    }

    private static ImmutableArray<string> FixableIds(CodeFixProvider provider)
    {
        try
        {
            return provider.FixableDiagnosticIds;
        }
        catch (Exception)
        {
            return [];
        }
    }
}
