using Microsoft.VisualStudio.SolutionPersistence.Serializer;

namespace CodeImprove.Analysis.Loading;

/// <summary>Finds what to load under workspace folders: the solution(s) at a folder's root, else every C# project below it.</summary>
public static class ProjectDiscovery
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase)
    {
        "bin", "obj", "node_modules", ".git", ".vs", ".codeimprove",
    };

    /// <summary>The project files to load for the given folders, in a stable order, without duplicates.</summary>
    public static async Task<IReadOnlyList<string>> FindProjectsAsync(IEnumerable<string> folders, ICollection<LoadWarning> warnings, CancellationToken cancellationToken)
    {
        var projects = new List<string>();
        foreach (var folder in folders.Select(Path.GetFullPath))
        {
            if (!Directory.Exists(folder))
            {
                warnings.Add(new LoadWarning(null, $"workspace folder not found: {folder}"));
                continue;
            }
            var solutions = Directory.EnumerateFiles(folder, "*.sln").Concat(Directory.EnumerateFiles(folder, "*.slnx")).Order(StringComparer.Ordinal).ToList();
            if (solutions.Count == 0)
            {
                projects.AddRange(EnumerateProjects(folder));
                continue;
            }
            foreach (var solution in solutions)
            {
                projects.AddRange(await ProjectsOfSolutionAsync(solution, warnings, cancellationToken));
            }
        }
        return projects.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The C# projects a .sln or .slnx lists (absolute paths); a solution that cannot be read becomes a warning.</summary>
    public static async Task<IReadOnlyList<string>> ProjectsOfSolutionAsync(string solutionPath, ICollection<LoadWarning> warnings, CancellationToken cancellationToken)
    {
        var serializer = SolutionSerializers.GetSerializerByMoniker(solutionPath);
        if (serializer is null)
        {
            warnings.Add(new LoadWarning(solutionPath, "not a solution file this version can read"));
            return [];
        }
        try
        {
            var model = await serializer.OpenAsync(solutionPath, cancellationToken);
            var directory = Path.GetDirectoryName(solutionPath)!;
            return model.SolutionProjects
                .Select(p => Path.GetFullPath(Path.Combine(directory, p.FilePath.Replace('\\', Path.DirectorySeparatorChar))))
                .Where(p => p.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
                .ToList();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            warnings.Add(new LoadWarning(solutionPath, $"solution could not be read: {e.Message}"));
            return [];
        }
    }

    private static IEnumerable<string> EnumerateProjects(string folder)
    {
        var pending = new Stack<string>([folder]);
        var found = new List<string>();
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            found.AddRange(Directory.EnumerateFiles(current, "*.csproj"));
            foreach (var child in Directory.EnumerateDirectories(current))
            {
                if (!SkippedFolders.Contains(Path.GetFileName(child)))
                {
                    pending.Push(child);
                }
            }
        }
        return found.Order(StringComparer.Ordinal);
    }
}
