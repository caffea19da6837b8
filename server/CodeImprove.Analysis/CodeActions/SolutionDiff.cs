using Microsoft.CodeAnalysis;

namespace CodeImprove.Analysis.CodeActions;

/// <summary>Turns a changed solution into plain per-file edits against the original.</summary>
internal static class SolutionDiff
{
    public static async Task<WorkspaceEditResult> ComputeAsync(Solution original, Solution changed, CancellationToken cancellationToken)
    {
        var changes = new List<DocumentEdit>();
        var created = new List<CreatedDocument>();
        var deleted = new List<string>();
        foreach (var project in changed.GetChanges(original).GetProjectChanges())
        {
            foreach (var id in project.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true))
            {
                var before = original.GetDocument(id)!;
                var after = changed.GetDocument(id)!;
                var oldText = await before.GetTextAsync(cancellationToken);
                var textChanges = await after.GetTextChangesAsync(before, cancellationToken);
                var edits = textChanges.Select(c => new TextEditResult(SourceRange.From(oldText, c.Span), c.NewText ?? "")).ToList();
                if (edits.Count > 0)
                {
                    changes.Add(new DocumentEdit(PathOf(before), edits));
                }
            }
            foreach (var id in project.GetAddedDocuments())
            {
                var document = changed.GetDocument(id)!;
                created.Add(new CreatedDocument(PathOf(document), (await document.GetTextAsync(cancellationToken)).ToString()));
            }
            deleted.AddRange(project.GetRemovedDocuments().Select(id => PathOf(original.GetDocument(id)!)));
        }
        return new WorkspaceEditResult(changes, created, deleted);
    }

    /// <summary>A document made by a code fix may have only a name and folders; place it under its project.</summary>
    private static string PathOf(Document document)
    {
        if (document.FilePath is not null)
        {
            return document.FilePath;
        }
        var projectDir = Path.GetDirectoryName(document.Project.FilePath) ?? Directory.GetCurrentDirectory();
        return Path.Combine([projectDir, .. document.Folders, document.Name]);
    }
}
