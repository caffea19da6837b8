using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CodeImprove.Analysis.Candidates;

/// <summary>
/// Which diagnostics an edit introduces and removes. Positions move with the edit, so a diagnostic is identified by
/// its id, message and the text it covers; equal keys are matched as a multiset (two identical warnings stay two).
/// </summary>
internal static class DiagnosticDiff
{
    public static (List<Diagnostic> Introduced, List<Diagnostic> Removed) Compare(
        IEnumerable<Diagnostic> before, SourceText beforeText, IEnumerable<Diagnostic> after, SourceText afterText)
    {
        var remaining = new Dictionary<(string, string, string), int>();
        foreach (var key in before.Select(d => Key(d, beforeText)))
        {
            remaining[key] = remaining.GetValueOrDefault(key) + 1;
        }
        var introduced = new List<Diagnostic>();
        foreach (var diagnostic in after)
        {
            var key = Key(diagnostic, afterText);
            if (remaining.GetValueOrDefault(key) > 0)
            {
                remaining[key]--;
            }
            else
            {
                introduced.Add(diagnostic);
            }
        }
        var removed = new List<Diagnostic>();
        foreach (var diagnostic in before)
        {
            var key = Key(diagnostic, beforeText);
            if (remaining.GetValueOrDefault(key) > 0)
            {
                remaining[key]--;
                removed.Add(diagnostic);
            }
        }
        return (introduced, removed);
    }

    private static (string, string, string) Key(Diagnostic diagnostic, SourceText text) =>
        (diagnostic.Id, diagnostic.GetMessage(), text.ToString(diagnostic.Location.SourceSpan));
}
