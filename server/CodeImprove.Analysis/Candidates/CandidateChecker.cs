using CodeImprove.Analysis.Diagnostics;
using CodeImprove.Analysis.Metrics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Text;

namespace CodeImprove.Analysis.Candidates;

/// <summary>
/// Checks a replacement on a fork of the immutable Roslyn solution: formats it, then compares diagnostics (the candidate
/// view: the project's plus the improvement rules, hidden ones left out, so removing a weakness counts), metrics and the visible API with the unchanged solution. The fork is never applied to a workspace, so nothing reaches disk.
/// </summary>
internal static class CandidateChecker
{
    public static async Task<CandidateReport> CheckAsync(Document document, TextSpan span, string replacement, CancellationToken cancellationToken)
    {
        var oldText = await document.GetTextAsync(cancellationToken);
        var unformatted = document.WithText(oldText.WithChanges(new TextChange(span, replacement)));
        var formatted = await Formatter.FormatAsync(unformatted, new TextSpan(span.Start, replacement.Length), options: null, cancellationToken);
        var formatChanges = (await formatted.GetTextChangesAsync(unformatted, cancellationToken)).ToList();
        var region = TextSpan.FromBounds(MapStart(span.Start, formatChanges), MapEnd(span.Start + replacement.Length, formatChanges));
        var newText = await formatted.GetTextAsync(cancellationToken);

        var oldRoot = await document.GetSyntaxRootAsync(cancellationToken) ?? throw new InvalidOperationException("no syntax tree");
        var newRoot = await formatted.GetSyntaxRootAsync(cancellationToken) ?? throw new InvalidOperationException("no syntax tree");
        var parseErrors = newRoot.SyntaxTree.GetDiagnostics(cancellationToken)
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => DiagnosticService.ToResult(d, formatted, newText))
            .ToList();

        var oldModel = await document.GetSemanticModelAsync(cancellationToken) ?? throw new InvalidOperationException("no semantic model");
        var newModel = await formatted.GetSemanticModelAsync(cancellationToken) ?? throw new InvalidOperationException("no semantic model");
        var declaredBefore = DeclaredSignatures.Of(oldModel, span, cancellationToken);
        var declaredAfter = DeclaredSignatures.Of(newModel, region, cancellationToken);
        var membersBefore = MembersTouching(oldRoot, span);
        var membersAfter = MembersTouching(newRoot, region);

        var introduced = new List<AnalysisDiagnostic>();
        var removed = new List<AnalysisDiagnostic>();
        var checkedDocuments = new List<string>();
        if (declaredBefore.SequenceEqual(declaredAfter))
        {
            // Declarations are untouched, so no other document can see a difference: compare this document, with
            // analyzers limited to the changed members (span analysis is what keeps a check fast on a fresh compilation).
            // The unchanged side is cached per document snapshot: the loop checks several candidates against the same text.
            var (added, gone) = DiagnosticDiff.Compare(
                await DiagnosticService.GetForSpanAsync(document, Cover(span, membersBefore), cancellationToken, DiagnosticView.Candidate), oldText,
                await DiagnosticService.GetForSpanAsync(formatted, Cover(region, membersAfter), cancellationToken, DiagnosticView.Candidate), newText);
            introduced.AddRange(added.Select(d => DiagnosticService.ToResult(d, formatted, newText)));
            removed.AddRange(gone.Select(d => DiagnosticService.ToResult(d, document, oldText)));
            checkedDocuments.Add(document.FilePath ?? document.Name);
        }
        else
        {
            var changedNames = declaredBefore.Except(declaredAfter).Concat(declaredAfter.Except(declaredBefore)).Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var before in (await PossiblyAffectedAsync(document, changedNames, cancellationToken)).Prepend(document))
            {
                var after = formatted.Project.Solution.GetDocument(before.Id)!;
                var beforeText = await before.GetTextAsync(cancellationToken);
                var afterText = await after.GetTextAsync(cancellationToken);
                var (added, gone) = DiagnosticDiff.Compare(
                    await DiagnosticService.GetAsync(before, cancellationToken, DiagnosticView.Candidate), beforeText,
                    await DiagnosticService.GetAsync(after, cancellationToken, DiagnosticView.Candidate), afterText);
                introduced.AddRange(added.Select(d => DiagnosticService.ToResult(d, after, afterText)));
                removed.AddRange(gone.Select(d => DiagnosticService.ToResult(d, before, beforeText)));
                checkedDocuments.Add(before.FilePath ?? before.Name);
            }
        }

        var visibleBefore = declaredBefore.Where(d => d.IsVisibleOutside).Select(d => d.Display).ToList();
        var visibleAfter = declaredAfter.Where(d => d.IsVisibleOutside).Select(d => d.Display).ToList();
        return new CandidateReport(
            parseErrors,
            introduced,
            removed,
            CompareMetrics(membersBefore.Select(m => MetricsCalculator.Compute(m, oldText)).ToList(), membersAfter.Select(m => MetricsCalculator.Compute(m, newText)).ToList()),
            !visibleBefore.SequenceEqual(visibleAfter),
            visibleBefore,
            visibleAfter,
            newText.ToString(region),
            newText.ToString(),
            checkedDocuments);
    }

    /// <summary>The edited region widened to the members it touches.</summary>
    private static TextSpan Cover(TextSpan region, IEnumerable<MemberWithBody> members) =>
        members.Aggregate(region, (span, m) => TextSpan.FromBounds(Math.Min(span.Start, m.Node.SpanStart), Math.Max(span.End, m.Node.Span.End)));

    /// <summary>Documents of this and dependent projects that mention a name whose declaration changed.</summary>
    private static async Task<IReadOnlyList<Document>> PossiblyAffectedAsync(Document document, IReadOnlySet<string> names, CancellationToken cancellationToken)
    {
        var solution = document.Project.Solution;
        var projects = solution.GetProjectDependencyGraph().GetProjectsThatTransitivelyDependOnThisProject(document.Project.Id).Prepend(document.Project.Id);
        var affected = new List<Document>();
        foreach (var other in projects.SelectMany(id => solution.GetProject(id)!.Documents).Where(d => d.Id != document.Id))
        {
            var text = (await other.GetTextAsync(cancellationToken)).ToString();
            if (names.Any(n => text.Contains(n, StringComparison.Ordinal)))
            {
                affected.Add(other);
            }
        }
        return affected;
    }

    private static List<MemberWithBody> MembersTouching(SyntaxNode root, TextSpan span) =>
        MemberLocator.MembersOf(root).Where(m => m.Node.Span.IntersectsWith(span) || span.Contains(m.Node.Span)).ToList();

    /// <summary>Pairs members by name; one unmatched member on each side is taken as the same member renamed.</summary>
    private static List<MemberMetricsChange> CompareMetrics(List<MethodMetrics> before, List<MethodMetrics> after)
    {
        var changes = new List<MemberMetricsChange>();
        var unmatchedAfter = after.ToList();
        var unmatchedBefore = new List<MethodMetrics>();
        foreach (var old in before)
        {
            var match = unmatchedAfter.FirstOrDefault(a => a.Name == old.Name);
            if (match is null)
            {
                unmatchedBefore.Add(old);
                continue;
            }
            unmatchedAfter.Remove(match);
            changes.Add(new MemberMetricsChange(old.Name, old, match));
        }
        if (unmatchedBefore.Count == 1 && unmatchedAfter.Count == 1)
        {
            changes.Add(new MemberMetricsChange(unmatchedAfter[0].Name, unmatchedBefore[0], unmatchedAfter[0]));
            return changes;
        }
        changes.AddRange(unmatchedBefore.Select(m => new MemberMetricsChange(m.Name, m, null)));
        changes.AddRange(unmatchedAfter.Select(m => new MemberMetricsChange(m.Name, null, m)));
        return changes;
    }

    /// <summary>Where a position before formatting lands after it; a change straddling it pulls it to the change's start.</summary>
    private static int MapStart(int position, IReadOnlyList<TextChange> changes)
    {
        var shift = 0;
        foreach (var change in changes)
        {
            if (change.Span.End <= position && !(change.Span.IsEmpty && change.Span.Start == position))
            {
                shift += (change.NewText?.Length ?? 0) - change.Span.Length;
            }
            else if (change.Span.Start < position)
            {
                return change.Span.Start + shift;
            }
        }
        return position + shift;
    }

    /// <summary>Where an end position lands after formatting; a change straddling it pushes it past the change's new text.</summary>
    private static int MapEnd(int position, IReadOnlyList<TextChange> changes)
    {
        var shift = 0;
        foreach (var change in changes)
        {
            if (change.Span.End <= position)
            {
                shift += (change.NewText?.Length ?? 0) - change.Span.Length;
            }
            else if (change.Span.Start < position)
            {
                return change.Span.Start + shift + (change.NewText?.Length ?? 0);
            }
        }
        return position + shift;
    }
}
