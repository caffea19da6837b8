using System.Reflection;
using System.Runtime.Loader;
using CodeImprove.Analysis.Loading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CodeImprove.Analysis.Diagnostics;

/// <summary>
/// Analyzer assemblies the server brings itself, for improvement candidates in projects that reference none:
/// the .NET analyzers of the registered SDK (built against an old Roslyn, public API only) and the C# code-style
/// analyzers with their fixes from the Microsoft.CodeAnalysis.CSharp.CodeStyle package matching the server's Roslyn
/// (copied beside the server as analyzers/codestyle/; the SDK's own copy uses Roslyn internals of another version), and
/// Roslynator's analyzers with their fixes (analyzers/roslynator/, its build for Roslyn 5).
/// They are loaded once per process into their own load context, sharing Roslyn with the server.
/// </summary>
internal static class BuiltInAnalyzers
{
    private static readonly Lazy<IReadOnlyList<AnalyzerFileReference>> References = new(Load);

    public static IReadOnlyList<AnalyzerFileReference> All => References.Value;

    /// <summary>The assembly name a reference is known by (its file name), to tell whether a project already has it.</summary>
    public static string NameOf(AnalyzerReference reference) =>
        reference is AnalyzerFileReference file ? Path.GetFileNameWithoutExtension(file.FullPath) : reference.Display ?? "";

    private static IReadOnlyList<AnalyzerFileReference> Load()
    {
        var paths = new List<string>();
        foreach (var shipped in new[] { "codestyle", "roslynator" }.Select(name => Path.Combine(AppContext.BaseDirectory, "analyzers", name)).Where(Directory.Exists))
        {
            paths.AddRange(Directory.GetFiles(shipped, "*.dll"));
        }
        MsBuildRegistration.EnsureRegistered();
        if (MsBuildRegistration.SdkDirectory is { } sdk)
        {
            var netAnalyzers = Path.Combine(sdk, "Sdks", "Microsoft.NET.Sdk", "analyzers");
            paths.AddRange(new[] { "Microsoft.CodeAnalysis.NetAnalyzers.dll", "Microsoft.CodeAnalysis.CSharp.NetAnalyzers.dll" }
                .Select(name => Path.Combine(netAnalyzers, name))
                .Where(File.Exists));
        }
        var loader = new Loader(paths);
        return paths.Order(StringComparer.Ordinal).Select(p => new AnalyzerFileReference(p, loader)).ToList();
    }

    /// <summary>
    /// Loads the built-in analyzers into the server's own load context, once each: they share Roslyn with it, and the code
    /// style fixes' types must resolve there (Roslyn composes their MEF parts with its own). Their dependencies among
    /// themselves are found in their folders.
    /// </summary>
    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        private readonly Dictionary<string, string> _pathByName;

        public Loader(IEnumerable<string> paths)
        {
            _pathByName = paths.ToDictionary(p => Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase);
            AssemblyLoadContext.Default.Resolving += (context, name) => name.Name is { } simple && PathOf(simple) is { } path ? context.LoadFromAssemblyPath(path) : null;
        }

        public void AddDependencyLocation(string fullPath)
        {
            lock (_pathByName)
            {
                _pathByName.TryAdd(Path.GetFileNameWithoutExtension(fullPath), fullPath);
            }
        }

        /// <summary>By name, so that a second request (analyzers, then fix providers) gets the assembly already loaded.</summary>
        public Assembly LoadFromPath(string fullPath) =>
            AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName(Path.GetFileNameWithoutExtension(fullPath)));

        private string? PathOf(string name)
        {
            lock (_pathByName)
            {
                return _pathByName.GetValueOrDefault(name);
            }
        }
    }
}
