using CodeImprove.Engine.Sessions;
using CodeImprove.LanguageServer.Documents;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Handlers;

internal sealed class InitializeHandler(ClientConnection client, ConfigurationService configuration, ServerState state, Workspaces workspaces, SessionContext sessions)
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
        configuration.LoadFiles(state.WorkspaceFolder);
        workspaces.Initialize(paths, configuration.Current, sessions);

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
}
