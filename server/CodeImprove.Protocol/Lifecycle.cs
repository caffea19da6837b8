using System.Text.Json;

namespace CodeImprove.Protocol;

public sealed record ClientInfo(string Name)
{
    public string? Version { get; init; }
}

public sealed record InitializeParams
{
    public int? ProcessId { get; init; }
    public ClientInfo? ClientInfo { get; init; }
    public string? RootUri { get; init; }
    public IReadOnlyList<WorkspaceFolder>? WorkspaceFolders { get; init; }
    public ClientCapabilities Capabilities { get; init; } = new();
    public JsonElement? InitializationOptions { get; init; }
}

/// <summary>The client capabilities the server reads; everything else is ignored.</summary>
public sealed record ClientCapabilities
{
    public WorkspaceClientCapabilities? Workspace { get; init; }
    public WindowClientCapabilities? Window { get; init; }
    public TextDocumentClientCapabilities? TextDocument { get; init; }
}

public sealed record WorkspaceClientCapabilities
{
    public bool Configuration { get; init; }
    public bool ApplyEdit { get; init; }
    public DynamicRegistrationCapability? DidChangeConfiguration { get; init; }
    public DynamicRegistrationCapability? DidChangeWatchedFiles { get; init; }
    public RefreshCapability? Diagnostics { get; init; }
}

public sealed record RefreshCapability
{
    public bool RefreshSupport { get; init; }
}

public sealed record WindowClientCapabilities
{
    public bool WorkDoneProgress { get; init; }
}

public sealed record TextDocumentClientCapabilities
{
    public DynamicRegistrationCapability? Diagnostic { get; init; }
}

public sealed record DynamicRegistrationCapability
{
    public bool DynamicRegistration { get; init; }
}

public sealed record ServerInfo(string Name, string Version);

public sealed record InitializeResult(ServerCapabilities Capabilities, ServerInfo ServerInfo);

/// <summary>Only what the server implements is advertised.</summary>
public sealed record ServerCapabilities
{
    public required TextDocumentSyncOptions TextDocumentSync { get; init; }
    public ExecuteCommandOptions? ExecuteCommandProvider { get; init; }
    public CodeActionOptions? CodeActionProvider { get; init; }
    public DiagnosticOptions? DiagnosticProvider { get; init; }
}

public enum TextDocumentSyncKind
{
    None = 0,
    Full = 1,
    Incremental = 2,
}

public sealed record TextDocumentSyncOptions(bool OpenClose, TextDocumentSyncKind Change, SaveOptions Save);

public sealed record SaveOptions(bool IncludeText);

public sealed record ExecuteCommandOptions(IReadOnlyList<string> Commands);

public sealed record InitializedParams;
