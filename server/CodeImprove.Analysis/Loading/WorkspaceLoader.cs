using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;

namespace CodeImprove.Analysis.Loading;

/// <summary>
/// Opens projects with MSBuildWorkspace. Kept apart from the rest so that MSBuild types are loaded only after
/// <see cref="MsBuildRegistration.EnsureRegistered"/> ran (the JIT resolves them when these methods are compiled).
/// </summary>
internal static partial class WorkspaceLoader
{
    /// <summary>Loads every project it can; each failure becomes a warning and the rest still load.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static async Task<(Workspace Workspace, WorkspaceLoadResult Result)> LoadAsync(
        IReadOnlyList<string> projectPaths, IEnumerable<LoadWarning> earlierWarnings, IProgress<WorkspaceLoadProgress>? progress, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        var warnings = new List<LoadWarning>(earlierWarnings);
        var failed = new HashSet<string>(StringComparer.Ordinal);
        var workspace = MSBuildWorkspace.Create();
        // Never write project files: the server only reads them.
        workspace.SkipUnrecognizedProjects = true;
        var msbuildProgress = progress is null ? null : new MsBuildProgress(progress, projectPaths.Count);
        for (var i = 0; i < projectPaths.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = projectPaths[i];
            progress?.Report(new WorkspaceLoadProgress($"Loading {Path.GetFileName(path)}", i, projectPaths.Count));
            if (msbuildProgress is not null)
            {
                msbuildProgress.Done = i;
            }
            var seen = workspace.Diagnostics.Count;
            if (workspace.CurrentSolution.Projects.Any(p => string.Equals(p.FilePath, path, StringComparison.Ordinal)))
            {
                continue; // already loaded as a reference of an earlier project
            }
            try
            {
                await workspace.OpenProjectAsync(path, msbuildProgress, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                warnings.Add(new LoadWarning(path, OneLine(e.Message)));
                failed.Add(path);
            }
            var reported = workspace.Diagnostics.Skip(seen).ToList();
            // A failure leaves an empty project behind; a project with its documents loaded, whatever was reported on the way
            // (NuGet's NU1603 "a newer version was resolved" comes as a failure too).
            var hasDocuments = workspace.CurrentSolution.Projects.Any(p => string.Equals(p.FilePath, path, StringComparison.Ordinal) && p.DocumentIds.Count > 0);
            warnings.AddRange(reported.Select(d => new LoadWarning(path, Describe(d, hasDocuments))));
            if (!hasDocuments && reported.Any(d => d.Kind == WorkspaceDiagnosticKind.Failure))
            {
                failed.Add(path); // it is not served as loaded
            }
            if (workspace.CurrentSolution.Projects.Any(p => p.FilePath == path) && !IsRestored(path))
            {
                warnings.Add(new LoadWarning(path, "restore has not run (obj/project.assets.json is missing): package references and their analyzers are missing until `dotnet restore`"));
            }
        }
        progress?.Report(new WorkspaceLoadProgress("Projects loaded", projectPaths.Count, projectPaths.Count));
        var loaded = workspace.CurrentSolution.Projects.Select(p => p.FilePath).OfType<string>().Distinct().Where(p => !failed.Contains(p)).ToList();
        return (workspace, new WorkspaceLoadResult(loaded, Deduplicate(warnings), DateTime.UtcNow - started));
    }

    /// <summary>
    /// MSBuildWorkspace loads an unrestored project without a word, only lacking its packages. SDK-style projects keep
    /// the restore output at obj/project.assets.json unless the intermediate folder is moved, which this does not follow.
    /// </summary>
    private static bool IsRestored(string projectPath) =>
        File.Exists(Path.Combine(Path.GetDirectoryName(projectPath)!, "obj", "project.assets.json"))
        || !File.ReadAllText(projectPath).Contains("Sdk=", StringComparison.Ordinal);

    /// <summary>
    /// MSBuildWorkspace words every message of a build as "Msbuild failed when processing the file"; in a project that
    /// loaded (NuGet's NU1603 that a newer package version was taken, say) nothing failed, and the message says so.
    /// </summary>
    private static string Describe(WorkspaceDiagnostic diagnostic, bool projectLoaded)
    {
        var message = OneLine(diagnostic.Message);
        return projectLoaded && FailedPrefix().Match(message) is { Success: true } m
            ? $"while loading {Path.GetFileName(m.Groups[1].Value)} (the project loaded): {m.Groups[2].Value}"
            : message;
    }

    [GeneratedRegex(@"^Msbuild failed when processing the file '(.+?)' with message: (.*)$")]
    private static partial Regex FailedPrefix();

    private static List<LoadWarning> Deduplicate(List<LoadWarning> warnings) => warnings.Distinct().ToList();

    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private sealed class MsBuildProgress(IProgress<WorkspaceLoadProgress> target, int total) : IProgress<ProjectLoadProgress>
    {
        public int Done { get; set; }

        public void Report(ProjectLoadProgress value) =>
            target.Report(new WorkspaceLoadProgress($"{value.Operation} {Path.GetFileName(value.FilePath)} ({value.TargetFramework ?? "no framework"}) in {value.ElapsedTime.TotalMilliseconds:0} ms", Done, total));
    }
}
