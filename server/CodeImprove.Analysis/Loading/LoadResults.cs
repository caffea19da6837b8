namespace CodeImprove.Analysis.Loading;

/// <summary>One step of workspace loading, for a progress report (`$/progress`).</summary>
/// <param name="Message">What is happening, for people.</param>
/// <param name="Done">Projects finished so far.</param>
/// <param name="Total">Projects to load (0 while discovering).</param>
public sealed record WorkspaceLoadProgress(string Message, int Done, int Total)
{
    public int Percentage => Total == 0 ? 0 : Math.Min(100, Done * 100 / Total);
}

/// <summary>A project (or solution) that did not load, or loaded only partly, with the reason.</summary>
public sealed record LoadWarning(string? ProjectPath, string Message);

/// <summary>What a load produced: the projects now served and what went wrong on the way.</summary>
public sealed record WorkspaceLoadResult(IReadOnlyList<string> LoadedProjects, IReadOnlyList<LoadWarning> Warnings, TimeSpan Elapsed);
