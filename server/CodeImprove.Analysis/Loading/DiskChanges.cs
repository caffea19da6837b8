using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CodeImprove.Analysis.Loading;

/// <summary>Applies file changes on disk to a solution snapshot (documents only; project files need a reload).</summary>
internal static class DiskChanges
{
    private static readonly string[] ReloadExtensions = [".csproj", ".sln", ".slnx", ".props", ".targets"];

    /// <summary>Project, solution and MSBuild import files change what is loaded: only a reload can follow them.</summary>
    public static bool NeedsReload(FileChange change) =>
        ReloadExtensions.Any(e => change.Path.EndsWith(e, StringComparison.OrdinalIgnoreCase))
        || (Path.GetFileName(change.Path) == ".editorconfig" && change.Kind != FileChangeKind.Changed);

    /// <summary>Applies one change to a .cs or .editorconfig file; returns the solution and whether anything changed.</summary>
    public static (Solution Solution, bool Changed) Apply(Solution solution, FileChange change)
    {
        var path = change.Path;
        if (Path.GetFileName(path) == ".editorconfig")
        {
            return UpdateEditorConfig(solution, path);
        }
        if (!path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) && change.Kind != FileChangeKind.Deleted)
        {
            return (solution, false);
        }
        if (change.Kind == FileChangeKind.Deleted)
        {
            return RemoveUnder(solution, path);
        }
        var text = TryRead(path);
        if (text is null)
        {
            return (solution, false); // gone again or unreadable: the next change event will tell
        }
        var ids = solution.GetDocumentIdsWithFilePath(path);
        if (!ids.IsEmpty)
        {
            return (ids.Aggregate(solution, (s, id) => s.WithDocumentText(id, text, PreservationMode.PreserveIdentity)), true);
        }
        return OwningProject(solution, path) is { } project
            ? (project.AddDocument(Path.GetFileName(path), text, FoldersOf(project, path), path).Project.Solution, true)
            : (solution, false);
    }

    public static SourceText? TryRead(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return SourceText.From(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static (Solution, bool) RemoveUnder(Solution solution, string path)
    {
        var prefix = path.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var removed = solution.Projects.SelectMany(p => p.Documents)
            .Where(d => d.FilePath is { } f && (f == path || f.StartsWith(prefix, StringComparison.Ordinal)))
            .ToList();
        foreach (var document in removed)
        {
            var project = solution.GetProject(document.Project.Id)!;
            solution = AdHocProject.IsAdHoc(project) ? solution.RemoveProject(project.Id) : solution.RemoveDocument(document.Id);
        }
        return (solution, removed.Count > 0);
    }

    private static (Solution, bool) UpdateEditorConfig(Solution solution, string path)
    {
        var ids = solution.Projects.SelectMany(p => p.AnalyzerConfigDocuments).Where(d => d.FilePath == path).Select(d => d.Id).ToList();
        var text = ids.Count == 0 ? null : TryRead(path);
        return text is null ? (solution, false) : (ids.Aggregate(solution, (s, id) => s.WithAnalyzerConfigDocumentText(id, text)), true);
    }

    /// <summary>The loaded project whose folder holds the file most closely, outside its bin/ and obj/.</summary>
    private static Project? OwningProject(Solution solution, string path) =>
        solution.Projects
            .Where(p => p.FilePath is not null)
            .Select(p => (Project: p, Dir: Path.GetDirectoryName(p.FilePath)! + Path.DirectorySeparatorChar))
            .Where(x => path.StartsWith(x.Dir, StringComparison.Ordinal) && !IsBuildOutput(path[x.Dir.Length..]))
            .OrderByDescending(x => x.Dir.Length)
            .Select(x => x.Project)
            .FirstOrDefault();

    private static bool IsBuildOutput(string relativePath) =>
        relativePath.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
        || relativePath.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static IEnumerable<string> FoldersOf(Project project, string path)
    {
        var relative = Path.GetRelativePath(Path.GetDirectoryName(project.FilePath)!, Path.GetDirectoryName(path)!);
        return relative == "." ? [] : relative.Split(Path.DirectorySeparatorChar);
    }

    /// <summary>Whether the document is a build output (generated under obj/ or bin/) rather than the user's source.</summary>
    public static bool IsUnderBuildOutput(Document document) =>
        document.FilePath is { } file && document.Project.FilePath is { } projectFile
        && IsBuildOutput(Path.GetRelativePath(Path.GetDirectoryName(projectFile)!, file));

    /// <summary>
    /// A source file a package adds to the compilation (the test SDK's generated entry point under the NuGet cache): compiled,
    /// so it stays in the solution, but not the workspace's code to analyze or improve.
    /// </summary>
    public static bool IsPackageContent(string path)
    {
        var normalized = path.Replace('\\', '/');
        return normalized.Contains("/.nuget/packages/", StringComparison.OrdinalIgnoreCase)
            || (Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages && path.StartsWith(Path.GetFullPath(packages), StringComparison.Ordinal));
    }
}
