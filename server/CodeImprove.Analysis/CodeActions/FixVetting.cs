using System.Collections.Frozen;
using CodeImprove.Analysis.Candidates;

namespace CodeImprove.Analysis.CodeActions;

/// <summary>
/// Which code fixes the no-model default may apply: a fix is applied only when known to keep behaviour. The rules below
/// are left out, each for a reason found in real code; every other fix's output still goes through
/// <see cref="BehaviourChecks"/> and is refused when it reports anything, except the overload switch that is the whole
/// point of a few vetted rules.
/// </summary>
public static class FixVetting
{
    /// <summary>Rules whose fixes are never applied without a model, with why.</summary>
    public static readonly FrozenDictionary<string, string> Excluded = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["IDE0016"] = "'use throw expression' moves an argument's null check into its assignment, below the checks of the other arguments, so another exception is thrown first",
        ["IDE0300"] = "a collection expression can bind to another overload (GetByteCount(new char[] { c }) becomes the ReadOnlySpan<char> overload) or create another runtime type behind an interface",
        ["IDE0301"] = "an empty collection expression can bind to another overload or create another runtime type behind an interface",
        ["IDE0302"] = "a collection expression can bind to another overload or create another runtime type behind an interface",
        ["IDE0303"] = "a collection expression can bind to another overload or create another runtime type behind an interface",
        ["IDE0304"] = "a collection expression can bind to another overload or create another runtime type behind an interface",
        ["IDE0305"] = "'[.. items]' for 'items.ToList()' or 'ToArray()' can create another runtime type behind an interface, which a cast elsewhere may rely on",
        ["CA1311"] = "'ToLowerInvariant()' for 'ToLower()' lowers with the invariant culture instead of the user's, which differs for some letters (Turkish 'I')",
        ["CA1862"] = "a case-insensitive comparison is not the same as comparing lowered strings for every character and culture",
        ["RCS1124"] = "inlining a local can move its initializer's call past calls that came before it",
        ["RCS1155"] = "a StringComparison is not the same as comparing strings lowered or uppered with the current culture",
        ["RCS1246"] = "'list[0]' for 'list.First()' throws ArgumentOutOfRangeException instead of InvalidOperationException on an empty list",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Rules whose fix switches to another overload on purpose, vetted to give the same result (ordinal both ways, same characters appended).</summary>
    private static readonly FrozenSet<string> IntendedOverloadSwitch = FrozenSet.ToFrozenSet(["CA1834", "CA1847", "CA1865"], StringComparer.Ordinal);

    /// <summary>Why the output of fixes for these rules must not be applied, or null when nothing speaks against it.</summary>
    public static string? Refusal(IReadOnlyCollection<string> diagnosticIds, IReadOnlyList<BehaviourChange> changes) =>
        changes.FirstOrDefault(c => !(c.Kind == BehaviourChangeKind.Overload && diagnosticIds.Any(IntendedOverloadSwitch.Contains))) is { } change
            ? $"may change behaviour: {change.Message}"
            : null;
}
