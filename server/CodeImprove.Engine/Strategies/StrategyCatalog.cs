namespace CodeImprove.Engine.Strategies;

/// <summary>The prompt strategies the loop can use, and the name of the no-model default.</summary>
public static class StrategyCatalog
{
    /// <summary>Episodes made without a model (deterministic Roslyn code fixes) carry this strategy name.</summary>
    public const string CodeFixes = "code-fixes";

    public static IReadOnlyList<Strategy> All { get; } =
    [
        new("fix-diagnostics", "Fix diagnostics",
            "Fix the compiler and analyzer diagnostics listed for this code. Change nothing else.",
            f => f.Diagnostics > 0),
        new("readability", "Readability refactor",
            "Make the code easier to read: early returns instead of deep nesting, clear names for locals, " +
            "small expressions instead of repeated code. Keep the behaviour exactly the same.",
            f => f.CyclomaticComplexity >= 6 || f.MaxNesting >= 3),
        new("algorithmic", "Algorithmic optimization",
            "Make the code asymptotically faster (e.g. a HashSet or Dictionary lookup instead of a nested scan). " +
            "Keep the behaviour and the results exactly the same.",
            f => f.NestedLoops,
            (before, after) => before.NestedLoops && !after.NestedLoops),
        new("allocations", "Memory/allocation optimization",
            "Reduce allocations: no string concatenation in loops (use StringBuilder), no needless lists or arrays, " +
            "pre-size collections, avoid boxing. Keep the behaviour exactly the same.",
            f => f.AllocatesInLoop,
            (before, after) => before.AllocatesInLoop && !after.AllocatesInLoop),
        new("recursion-to-iteration", "Recursion to iteration",
            "Replace the recursion with a loop (and an explicit stack if needed) so deep inputs cannot overflow the stack. " +
            "Keep the behaviour exactly the same.",
            f => f.IsRecursive,
            (before, after) => before.IsRecursive && !after.IsRecursive),
        new("linq", "Vectorization/LINQ rewrite",
            "Rewrite the loops as LINQ queries, or use span/vectorized library methods where they are clearer or faster. " +
            "Keep the behaviour exactly the same.",
            f => f.Loops > 0,
            (before, after) => after.Loops < before.Loops),
        new("alternative", "Alternative solution",
            "Write a different, simpler solution to the same problem. Keep the signature and the behaviour.",
            _ => false),
    ];

    public static Strategy? Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The strategy with that name, or an error listing the valid names.</summary>
    public static Strategy Get(string name) =>
        Find(name) ?? throw new EngineException($"unknown strategy '{name}'; use one of: {string.Join(", ", All.Select(s => s.Name))}");
}
