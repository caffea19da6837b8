using CodeImprove.Analysis;
using CodeImprove.Analysis.CodeActions;

namespace CodeImprove.Cli.Improving;

/// <summary>One thing to improve: a member (Range empty at its name, the engine takes the member around it) or a span of lines.</summary>
/// <param name="Extent">The whole member or span the target covers (what a review matches changed lines against).</param>
internal sealed record CliTarget(string Path, string Name, SourceRange Range, SourceRange Extent)
{
    public int Line => Range.Start.Line + 1;
}

/// <summary>How the command line names targets: a line, a member by name, a span of lines, or every member of a scope.</summary>
internal static class CliTargets
{
    /// <summary>The innermost member at a 1-based line (its first code character), as the editor's cursor would.</summary>
    public static async Task<CliTarget> AtLineAsync(AnalysisSnapshot snapshot, string path, int line, CancellationToken cancellationToken)
    {
        var text = await snapshot.GetTextAsync(path, cancellationToken);
        var lines = text.Split('\n');
        if (line > lines.Length)
        {
            throw new CliException($"{Path.GetFileName(path)} has {lines.Length} lines; there is no line {line}");
        }
        var position = new SourcePosition(line - 1, lines[line - 1].Length - lines[line - 1].TrimStart().Length);
        var target = (await snapshot.FindImproveTargetsAsync(path, new SourceRange(position, position), cancellationToken)).FirstOrDefault()
            ?? throw new CliException($"line {line} of {Path.GetFileName(path)} is not inside a method, constructor, property, accessor or operator with a body; " +
                "name one with --member, or choose lines with --span");
        return new CliTarget(path, target.Name, new SourceRange(position, position), target.Range);
    }

    /// <summary>The member whose name (Type.Name, Name, or Name with its parameters) is <paramref name="name"/>; ambiguity is an error naming the candidates.</summary>
    public static async Task<CliTarget> ByNameAsync(AnalysisSnapshot snapshot, string path, string name, CancellationToken cancellationToken)
    {
        var members = await MembersAsync(snapshot, path, cancellationToken);
        var matches = members.Where(m => m.Name == name || m.Name.EndsWith("." + name, StringComparison.Ordinal) || ShortName(m.Name) == name).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new CliException($"{Path.GetFileName(path)} has no member '{name}'; its members: {string.Join(", ", members.Select(m => m.Name))}"),
            _ => throw new CliException($"'{name}' names {matches.Count} members of {Path.GetFileName(path)}: {string.Join(", ", matches.Select(m => m.Name))}; give one of these"),
        };
    }

    /// <summary>1-based lines <paramref name="first"/> to <paramref name="last"/>: the statements they cover, inside one member.</summary>
    public static async Task<CliTarget> SpanAsync(AnalysisSnapshot snapshot, string path, int first, int last, CancellationToken cancellationToken)
    {
        var lines = (await snapshot.GetTextAsync(path, cancellationToken)).Split('\n');
        if (first < 1 || last < first || last > lines.Length)
        {
            throw new CliException($"--span {first}:{last} is not a range of lines of {Path.GetFileName(path)} (1 to {lines.Length}, first <= last)");
        }
        var range = new SourceRange(new SourcePosition(first - 1, 0), new SourcePosition(last - 1, lines[last - 1].TrimEnd('\r').Length));
        var targets = await snapshot.FindImproveTargetsAsync(path, range, cancellationToken);
        var selection = targets.FirstOrDefault(t => t.Kind == ImproveTargetKind.Selection)
            ?? throw new CliException($"lines {first}-{last} of {Path.GetFileName(path)} do not cover statements of one method body");
        return new CliTarget(path, selection.Name + $" lines {first}-{last}", range, selection.Range);
    }

    /// <summary>
    /// Every member with a body of every C# file in scope (a file; the files under a folder; or those of a project or
    /// solution), accessors as their property, members only some target frameworks compile included. Within a file the last
    /// member comes first, so applying one proposal leaves the positions of the next unchanged.
    /// </summary>
    public static async Task<IReadOnlyList<CliTarget>> AllAsync(AnalysisSnapshot snapshot, string scope, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(scope);
        IEnumerable<string> files = full.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) ? [full]
            : Directory.Exists(full) ? snapshot.DocumentPaths.Where(p => p.StartsWith(Path.TrimEndingDirectorySeparator(full) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            : snapshot.DocumentPaths;
        var targets = new List<CliTarget>();
        foreach (var file in files)
        {
            targets.AddRange((await MembersAsync(snapshot, file, cancellationToken)).OrderByDescending(t => t.Range.Start.Line));
        }
        return targets;
    }

    private static async Task<List<CliTarget>> MembersAsync(AnalysisSnapshot snapshot, string path, CancellationToken cancellationToken)
    {
        var members = new List<CliTarget>();
        foreach (var metrics in await snapshot.GetMetricsAsync(path, cancellationToken))
        {
            var at = metrics.NameRange.Start;
            if ((await snapshot.FindImproveTargetsAsync(path, new SourceRange(at, at), cancellationToken)).FirstOrDefault() is { } found
                && members.All(m => m.Extent != found.Range))
            {
                members.Add(new CliTarget(path, found.Name, new SourceRange(found.NameRange.Start, found.NameRange.Start), found.Range));
            }
        }
        return members;
    }

    private static string ShortName(string qualified)
    {
        var withoutParameters = qualified.Split('(')[0];
        return withoutParameters[(withoutParameters.LastIndexOf('.') + 1)..];
    }
}
