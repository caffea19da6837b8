using System.Collections.Frozen;

namespace CodeImprove.Analysis.Diagnostics;

/// <summary>
/// The analyzer rules whose code fixes make code better rather than merely different (simpler expressions, pattern
/// matching, collection expressions, fewer lookups and allocations), so that improvement candidates exist in any
/// project: the improvement view runs them (from the project's analyzers, else <see cref="BuiltInAnalyzers"/>) at
/// suggestion severity at least. Not here: rules whose fixes edit outside the member (unnecessary usings, fields,
/// readonly types), change its signature (unused parameters, static), or are a matter of taste (var, braces, parentheses).
/// An .editorconfig that turns a rule off (severity none) or states the opposite preference is still obeyed.
/// </summary>
internal static class ImprovementRules
{
    public static readonly FrozenSet<string> Ids = FrozenSet.ToFrozenSet(
    [
        // C# code style (simplification, pattern matching, modern syntax)
        "IDE0001", "IDE0002", "IDE0004", "IDE0016", "IDE0017", "IDE0018", "IDE0019", "IDE0020", "IDE0028", "IDE0029",
        "IDE0030", "IDE0031", "IDE0034", "IDE0035", "IDE0038", "IDE0039", "IDE0041", "IDE0049", "IDE0054", "IDE0056",
        "IDE0057", "IDE0059", "IDE0062", "IDE0063", "IDE0066", "IDE0071", "IDE0074", "IDE0075", "IDE0078", "IDE0083",
        "IDE0100", "IDE0120", "IDE0150", "IDE0180", "IDE0200", "IDE0270", "IDE0300", "IDE0301", "IDE0302", "IDE0303",
        "IDE0304", "IDE0305",
        // .NET analyzers: cheaper calls that say the same (Length/Count, TryGetValue, char overloads, Contains...)
        "CA1825", "CA1827", "CA1829", "CA1834", "CA1836", "CA1841", "CA1847", "CA1853", "CA1854", "CA1858",
        "CA1860", "CA1862", "CA1864", "CA1865", "CA1866", "CA1867", "CA1868", "CA1872", "CA2249",
        // Roslynator: restructurings that keep behaviour (if nesting and merging, return directly, boolean logic, LINQ, StringBuilder)
        "RCS1033", "RCS1049", "RCS1061", "RCS1068", "RCS1073", "RCS1077", "RCS1080", "RCS1084", "RCS1089", "RCS1097",
        "RCS1103", "RCS1104", "RCS1114", "RCS1146", "RCS1179", "RCS1190", "RCS1197", "RCS1199", "RCS1206", "RCS1208",
        "RCS1211", "RCS1212", "RCS1218",
    ], StringComparer.Ordinal);
}
