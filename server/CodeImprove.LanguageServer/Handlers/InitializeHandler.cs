using System.Text.Json;
using CodeImprove.Engine.Sessions;
using CodeImprove.LanguageServer.Documents;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;
using Serilog;

namespace CodeImprove.LanguageServer.Handlers;

internal sealed class InitializeHandler(ClientConnection client, ConfigurationService configuration, ServerState state, Workspaces workspaces, SessionContext sessions, ILogger log)
    : RequestHandler<InitializeParams, InitializeResult>
{
    public override string Method => LspMethods.Initialize;

    public override RequestKind Kind => RequestKind.Mutating;

    public override Task<InitializeResult> HandleAsync(InitializeParams? request, RequestContext context, CancellationToken cancellationToken)
    {
        var folders = request!.WorkspaceFolders
            ?? (request.RootUri is { } root ? [new WorkspaceFolder(root, Path.GetFileName(DocumentUris.ToPath(root)))] : []);
        client.SetClient(request.Capabilities, folders);
        var paths = folders.Select(f => DocumentUris.ToPath(f.Uri)).ToList();
        state.WorkspaceFolder = paths.Count > 0 ? paths[0] : null;
        // One configuration for the server (the first folder's file layer), one session per folder.
        var trusted = WorkspaceTrusted(request.InitializationOptions);
        configuration.LoadFiles(state.WorkspaceFolder, trusted);
        workspaces.Initialize(paths, configuration.Current, sessions with { Trusted = trusted });
        if (!trusted)
        {
            log.Information("The workspace is not trusted: its projects are not built, its .codeimprove/config.json is not read and no credential is sent");
        }

        var capabilities = new ServerCapabilities
        {
            TextDocumentSync = new TextDocumentSyncOptions(OpenClose: true, TextDocumentSyncKind.Incremental, new SaveOptions(IncludeText: false)),
            CodeActionProvider = new CodeActionOptions([CodeActionKinds.QuickFix, CodeActionKinds.RefactorRewrite], ResolveProvider: true),
            ExecuteCommandProvider = new ExecuteCommandOptions([ServerCommands.Improve]),
            // Advertised to every client; one that pulls gets no pushed diagnostics (see DiagnosticsPublisher).
            DiagnosticProvider = new DiagnosticOptions("codeimprove", InterFileDependencies: true, WorkspaceDiagnostics: false),
        };
        return Task.FromResult(new InitializeResult(capabilities, new ServerInfo("codeimprove", ServerState.Version)));
    }

    /// <summary>
    /// The editor's workspace trust, from <c>initializationOptions.workspaceTrusted</c> (the VS Code client sends it and
    /// restarts the server when trust is granted). A client that does not say is trusted, as editors without workspace
    /// trust open every folder fully.
    /// </summary>
    private static bool WorkspaceTrusted(JsonElement? options) =>
        options is not { ValueKind: JsonValueKind.Object } o
        || !o.TryGetProperty("workspaceTrusted", out var trusted)
        || trusted.ValueKind != JsonValueKind.False;
}
