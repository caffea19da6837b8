namespace CodeImprove.Protocol;

public sealed record WorkspaceEdit(IReadOnlyDictionary<string, IReadOnlyList<TextEdit>> Changes);

public sealed record ApplyWorkspaceEditParams(WorkspaceEdit Edit)
{
    public string? Label { get; init; }
}

public sealed record ApplyWorkspaceEditResult(bool Applied)
{
    public string? FailureReason { get; init; }
}
