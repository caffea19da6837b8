using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodeImprove.Protocol;

public static class CodeActionKinds
{
    public const string QuickFix = "quickfix";
    public const string RefactorRewrite = "refactor.rewrite";
}

public sealed record CodeActionContext(IReadOnlyList<Diagnostic> Diagnostics)
{
    public IReadOnlyList<string>? Only { get; init; }
}

public sealed record CodeActionParams(TextDocumentIdentifier TextDocument, Range Range, CodeActionContext Context);

public sealed record Command(string Title, [property: JsonPropertyName("command")] string Name, IReadOnlyList<object>? Arguments = null);

/// <summary>A code action; <see cref="Data"/> comes back in <c>codeAction/resolve</c>, which fills in <see cref="Edit"/>.</summary>
public sealed record CodeAction(string Title)
{
    public string? Kind { get; init; }
    public IReadOnlyList<Diagnostic>? Diagnostics { get; init; }
    public bool? IsPreferred { get; init; }
    public WorkspaceEdit? Edit { get; init; }
    public Command? Command { get; init; }
    public JsonElement? Data { get; init; }
}

public sealed record CodeActionOptions(IReadOnlyList<string> CodeActionKinds, bool ResolveProvider);
