using System.Text.Json.Serialization;

namespace CodeImprove.Protocol;

/// <summary>A zero-based position; <see cref="Character"/> counts UTF-16 code units, as LSP requires.</summary>
public sealed record Position(int Line, int Character);

public sealed record Range(Position Start, Position End);

public sealed record Location(string Uri, Range Range);

public sealed record TextDocumentIdentifier(string Uri);

public sealed record VersionedTextDocumentIdentifier(string Uri, int Version);

public sealed record TextDocumentItem(string Uri, string LanguageId, int Version, string Text);

public sealed record TextEdit(Range Range, string NewText);

/// <summary>Either a whole-document replacement (no <see cref="Range"/>) or an incremental edit.</summary>
public sealed record TextDocumentContentChangeEvent(string Text)
{
    public Range? Range { get; init; }
}

public sealed record WorkspaceFolder(string Uri, string Name);

public enum MessageType
{
    Error = 1,
    Warning = 2,
    Info = 3,
    Log = 4,
    Debug = 5,
}

public sealed record ShowMessageParams(MessageType Type, string Message);

public sealed record MessageActionItem(string Title);

/// <summary>window/showMessageRequest: a message with buttons; the answer is the chosen <see cref="MessageActionItem"/> or null.</summary>
public sealed record ShowMessageRequestParams(MessageType Type, string Message, IReadOnlyList<MessageActionItem> Actions);

public sealed record LogMessageParams(MessageType Type, string Message);

/// <summary>Parameters that may carry a client-created work-done progress token.</summary>
public interface IWorkDoneProgressParams
{
    [JsonPropertyName("workDoneToken")]
    ProgressToken? WorkDoneToken { get; }
}
