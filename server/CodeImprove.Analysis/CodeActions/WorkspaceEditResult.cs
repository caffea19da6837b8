namespace CodeImprove.Analysis.CodeActions;

/// <summary>Replace the text in Range (of the document as it was) with NewText.</summary>
public sealed record TextEditResult(SourceRange Range, string NewText);

/// <summary>The edits to one existing document.</summary>
public sealed record DocumentEdit(string FilePath, IReadOnlyList<TextEditResult> Edits);

/// <summary>A document a change creates.</summary>
public sealed record CreatedDocument(string FilePath, string Text);

/// <summary>Everything a change does to the workspace's files, computed from a changed solution against the original.</summary>
public sealed record WorkspaceEditResult(IReadOnlyList<DocumentEdit> Changes, IReadOnlyList<CreatedDocument> Created, IReadOnlyList<string> Deleted)
{
    public bool IsEmpty => Changes.Count == 0 && Created.Count == 0 && Deleted.Count == 0;
}
