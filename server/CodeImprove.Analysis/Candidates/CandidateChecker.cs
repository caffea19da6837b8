using CodeImprove.Analysis.Diagnostics;
using CodeImprove.Analysis.Metrics;
using CodeImprove.Analysis.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Text;

namespace CodeImprove.Analysis.Candidates;

/// <summary>
/// Checks a replacement on a fork of the immutable Roslyn solution: formats the lines it changes, then compares
/// diagnostics (the candidate view: the project's plus the improvement rules, hidden ones left out, so removing a
/// weakness counts) in every project and target framework that compiles the file, metrics, signs of changed behaviour
/// (<see cref="BehaviourChecks"/>) and the visible API with the unchanged solution. The fork is never applied to a workspace, so nothing reaches disk.
/// </summary>
internal static class CandidateChecker
{
    public static async Task<CandidateReport> CheckAsync(FileInProjects file, TextSpan span, string replacement, CancellationToken cancellationToken)
    {
        var document = file.Primary;
        var oldText = await document.GetTextAsync(cancellationToken);
        var unformatted = document.WithText(oldText.WithChanges(new TextChange(span, replacement)));
        // Only the lines the replacement changes are formatted: a one-token fix must not restyle the rest of the member.
        var formatted = await Formatter.FormatAsync(unformatted, ChangedLines(oldText.ToString(span), replacement, span.Start), options: null, cancellationToken);
        var formatChanges = (await formatted.GetTextChangesAsync(unformatted, cancellationToken)).ToList();
        var region = TextSpan.FromBounds(MapStart(span.Start, formatChanges), MapEnd(span.Start + replacement.Length, formatChanges));
        var newText = await formatted.GetTextAsync(cancellationToken);
        var fork = file.Documents.Skip(1).Aggregate(formatted.Project.Solution, (s, d) => s.WithDocumentText(d.Id, newText, PreservationMode.PreserveValue));

        var oldRoot = await document.GetSyntaxRootAsync(cancellationToken) ?? throw new InvalidOperationException("no syntax tree");
        var newRoot = await formatted.GetSyntaxRootAsync(cancellationToken) ?? throw new InvalidOperationException("no syntax tree");
        var oldModel = await document.GetSemanticModelAsync(cancellationToken) ?? throw new InvalidOperationException("no semantic model");
        var newModel = await formatted.GetSemanticModelAsync(cancellationToken) ?? throw new InvalidOperationException("no semantic model");
        var declaredBefore = DeclaredSignatures.Of(oldModel, span, cancellationToken);
        var declaredAfter = DeclaredSignatures.Of(newModel, region, cancellationToken);
        // Declarations untouched: no other document can see a difference, so only this one is compared, with analyzers
        // limited to the changed members (span analysis is what keeps a check fast on a fresh compilation).
        var changedNames = declaredBefore.SequenceEqual(declaredAfter) ? null
            : declaredBefore.Except(declaredAfter).Concat(declaredAfter.Except(declaredBefore)).Select(d => d.Name).ToHashSet(StringComparer.Ordinal);

        var parseErrors = new List<(Document, IReadOnlyList<AnalysisDiagnostic>)>();
        var introduced = new List<(Document, IReadOnlyList<AnalysisDiagnostic>)>();
        var removed = new List<(Document, IReadOnlyList<AnalysisDiagnostic>)>();
        var checkedDocuments = new List<string>();
        var behaviour = new Dictionary<BehaviourChange, List<string>>();
        foreach (var before in file.Documents)
        {
            var after = fork.GetDocument(before.Id)!;
            var afterTree = await after.GetSyntaxTreeAsync(cancellationToken) ?? throw new InvalidOperationException("no syntax tree");
            parseErrors.Add((before, afterTree.GetDiagnostics(cancellationToken)
                .Where(d => d.Severity == DiagnosticSeverity.Error)
                .Select(d => DiagnosticService.ToResult(d, after, newText))
                .ToList()));
            var (added, gone, compared) = await CompareAsync(before, after, span, region, changedNames, cancellationToken);
            introduced.Add((before, added));
            removed.Add((before, gone));
            // Overloads differ by framework (netstandard2.0 has no span overloads), so each compilation is asked.
            var beforeModel = await before.GetSemanticModelAsync(cancellationToken) ?? throw new InvalidOperationException("no semantic model");
            var afterModel = await after.GetSemanticModelAsync(cancellationToken) ?? throw new InvalidOperationException("no semantic model");
            foreach (var change in BehaviourChecks.Compare(
                beforeModel, MembersTouching(beforeModel.SyntaxTree.GetRoot(cancellationToken), span).Select(m => m.Node),
                afterModel, MembersTouching(afterModel.SyntaxTree.GetRoot(cancellationToken), region).Select(m => m.Node), cancellationToken))
            {
                if (!behaviour.TryGetValue(change, out var labels))
                {
                    behaviour[change] = labels = [];
                }
                labels.Add(file.LabelOf(before));
            }
            checkedDocuments.AddRange(compared.Where(c => !checkedDocuments.Contains(c)));
        }

        var membersBefore = MembersTouching(oldRoot, span);
        var membersAfter = MembersTouching(newRoot, region);
        var visibleBefore = declaredBefore.Where(d => d.IsVisibleOutside).Select(d => d.Display).ToList();
        var visibleAfter = declaredAfter.Where(d => d.IsVisibleOutside).Select(d => d.Display).ToList();
        return new CandidateReport(
            file.Merge(parseErrors),
            file.Merge(introduced),
            file.Merge(removed),
            CompareMetrics(membersBefore.Select(m => MetricsCalculator.Compute(m, oldText)).ToList(), membersAfter.Select(m => MetricsCalculator.Compute(m, newText)).ToList()),
            !visibleBefore.SequenceEqual(visibleAfter),
            visibleBefore,
            visibleAfter,
            newText.ToString(region),
            newText.ToString(),
            checkedDocuments,
            [.. behaviour.Select(b => b.Value.Count < file.Documents.Count ? b.Key with { Message = $"{b.Key.Message} (in {string.Join(", ", b.Value)} only)" } : b.Key)]);
    }

    /// <summary>
    /// Diagnostics the change introduces and removes in one project's compilation of the file: within the changed members
    /// when no declaration changed (<paramref name="changedNames"/> null), else in the whole file and in every document of
    /// this and dependent projects that mentions a changed name.
    /// </summary>
    private static async Task<(List<AnalysisDiagnostic> Introduced, List<AnalysisDiagnostic> Removed, List<string> Checked)> CompareAsync(
        Document before, Document after, TextSpan span, TextSpan region, IReadOnlySet<string>? changedNames, CancellationToken cancellationToken)
    {
        var introduced = new List<AnalysisDiagnostic>();
        var removed = new List<AnalysisDiagnostic>();
        var checkedDocuments = new List<string>();
        var pairs = changedNames is null ? [(before, after)]
            : (await PossiblyAffectedAsync(before, changedNames, cancellationToken)).Prepend(before).Select(b => (b, after.Project.Solution.GetDocument(b.Id)!)).ToList();
        foreach (var (old, @new) in pairs)
        {
            var oldText = await old.GetTextAsync(cancellationToken);
            var newText = await @new.GetTextAsync(cancellationToken);
            var (added, gone) = changedNames is null
                ? DiagnosticDiff.Compare(
                    // The unchanged side is cached per document snapshot: the loop checks several candidates against the same text.
                    await DiagnosticService.GetForSpanAsync(old, Cover(span, MembersTouching(await old.GetSyntaxRootAsync(cancellationToken) ?? throw new InvalidOperationException("no syntax tree"), span)), cancellationToken, DiagnosticView.Candidate), oldText,
                    await DiagnosticService.GetForSpanAsync(@new, Cover(region, MembersTouching(await @new.GetSyntaxRootAsync(cancellationToken) ?? throw new InvalidOperationException("no syntax tree"), region)), cancellationToken, DiagnosticView.Candidate), newText)
                : DiagnosticDiff.Compare(
                    await DiagnosticService.GetAsync(old, cancellationToken, DiagnosticView.Candidate), oldText,
                    await DiagnosticService.GetAsync(@new, cancellationToken, DiagnosticView.Candidate), newText);
            introduced.AddRange(added.Select(d => DiagnosticService.ToResult(d, @new, newText)));
            removed.AddRange(gone.Select(d => DiagnosticService.ToResult(d, old, oldText)));
            checkedDocuments.Add(old.FilePath ?? old.Name);
        }
        return (introduced, removed, checkedDocuments);
    }

    /// <summary>
    /// The spans of whole lines in the new text that the replacement adds or changes (none for a pure deletion), each from
    /// the line break before it: the formatter owns a line's indentation only when the span reaches the token before it.
    /// A kept line of only braces and punctuation next to a changed one counts as changed: it may close another block now.
    /// </summary>
    private static IEnumerable<TextSpan> ChangedLines(string oldRegion, string replacement, int offset)
    {
        var lines = SourceText.From(replacement).Lines;
        var changed = new bool[lines.Count];
        foreach (var change in LineDiff.Compute(oldRegion, replacement))
        {
            for (var i = change.NewLine; i < change.NewLine + change.NewLineCount; i++)
            {
                changed[i] = true;
            }
        }
        bool IsTrivial(int line) => lines[line].ToString().All(c => !char.IsLetterOrDigit(c) && c != '_' && c != '"' && c != '\'');
        for (var pass = 0; pass < 2; pass++)
        {
            // Forward, then backward, so a run of trivial lines joins the change on either side.
            for (var k = 0; k < lines.Count; k++)
            {
                var i = pass == 0 ? k : lines.Count - 1 - k;
                var neighbour = pass == 0 ? i - 1 : i + 1;
                if (!changed[i] && neighbour >= 0 && neighbour < lines.Count && changed[neighbour] && IsTrivial(i))
                {
                    changed[i] = true;
                }
            }
        }
        var spans = new List<TextSpan>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (!changed[i])
            {
                continue;
            }
            var first = i;
            while (i + 1 < lines.Count && changed[i + 1])
            {
                i++;
            }
            spans.Add(TextSpan.FromBounds(offset + (first > 0 ? lines[first - 1].End : 0), offset + lines[i].End));
        }
        return spans;
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
