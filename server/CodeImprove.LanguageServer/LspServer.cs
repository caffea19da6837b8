using System.IO.Pipelines;
using System.Text.Json;
using CodeImprove.Engine.Sessions;
using CodeImprove.LanguageServer.Documents;
using CodeImprove.LanguageServer.Handlers;
using CodeImprove.LanguageServer.Hosting;
using CodeImprove.LanguageServer.Services;
using CodeImprove.Protocol;
using Serilog;
using Serilog.Extensions.Logging;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace CodeImprove.LanguageServer;

/// <summary>
/// The language server over a pair of streams (stdin/stdout in production). All wiring is here: services,
/// the handler list, and the JSON-RPC connection behind the <see cref="LspFrameReader"/>.
/// </summary>
public sealed class LspServer
{
    /// <summary>Larger messages are refused; the biggest legitimate one is a whole source file.</summary>
    public const int MaxMessageBytes = 32 * 1024 * 1024;

    private readonly Stream input;
    private readonly Stream output;
    private readonly ILogger log;
    private readonly ServerLifecycle lifecycle = new();
    private readonly RequestScheduler scheduler = new();

    /// <param name="models">Opens the configured model (with the CLI's GPU probe); null opens models on the CPU only.</param>
    public LspServer(Stream input, Stream output, ILogger log, ClientConnection client, ModelRuntime? models = null)
    {
        this.input = input;
        this.output = output;
        this.log = log;
        var loggers = new SerilogLoggerFactory(log);
        Client = client;
        Configuration = new ConfigurationService(client, log);
        Progress = new WorkDoneProgress(client, log);
        Status = new StatusReporter(client, Documents, State);
        Workspaces = new Workspaces(client, Documents, Progress, Status, log);
        Diagnostics = new DiagnosticsPublisher(client, Documents, Workspaces, Configuration, log);
        Models = new ModelHost(Configuration, Status, client, models ?? ModelRuntime.CpuOnly(loggers.CreateLogger("model")), log);
        Sessions = new SessionContext
        {
            Models = Models.Slot,
            Editor = new EditorBuffers(Documents, client),
            Loggers = loggers,
            Warn = message => _ = client.ShowMessageAsync(MessageType.Warning, message),
            Ask = (message, answers) => client.AskAsync(MessageType.Warning, message, answers),
            Origin = "editor",
        };
        Configuration.Changed += options => Workspaces.ReconfigureSessions(options);
        Documents.Unsynchronized += document =>
        {
            log.Warning("{Uri} is out of sync with the editor: {Reason:l}", document.Uri, document.Unsynchronized);
            _ = client.ShowMessageAsync(MessageType.Warning,
                $"CodeImprove lost track of {Path.GetFileName(DocumentUris.ToPath(document.Uri))} ({document.Unsynchronized}); " +
                "it will not improve or edit it until you close the file and open it again.");
        };
    }

    public ClientConnection Client { get; }

    public ServerState State { get; } = new();

    public DocumentStore Documents { get; } = new();

    public ConfigurationService Configuration { get; }

    public WorkDoneProgress Progress { get; }

    public StatusReporter Status { get; }

    public Workspaces Workspaces { get; }

    public DiagnosticsPublisher Diagnostics { get; }

    public ModelHost Models { get; }

    /// <summary>What every workspace session shares: the model slot, the editor, loggers.</summary>
    public SessionContext Sessions { get; }

    private IEnumerable<ILspHandler> CreateHandlers() =>
    [
        new InitializeHandler(Client, Configuration, State, Workspaces, Sessions, log),
        new InitializedHandler(Client, Configuration, Status, Workspaces, Diagnostics, Models),
        new ShutdownHandler(),
        new ExitHandler(lifecycle, State),
        new DidOpenHandler(Documents),
        new DidChangeHandler(Documents),
        new DidCloseHandler(Documents, log),
        new DidSaveHandler(Documents, log),
        new DidChangeConfigurationHandler(Client, Configuration, Models),
        new DidChangeWatchedFilesHandler(Workspaces),
        new WorkDoneProgressCancelHandler(Progress),
        new PullDiagnosticsHandler(Diagnostics),
        new CodeActionHandler(Workspaces, Configuration),
        new CodeActionResolveHandler(Workspaces),
        new ExecuteCommandHandler(Workspaces, Progress, Status),
        new AcceptHandler(Workspaces, Documents),
        new RejectHandler(Workspaces),
        new EpisodesHandler(Workspaces),
        new EpisodeHandler(Workspaces),
        new StatsHandler(Workspaces),
        new ResetPreferencesHandler(Workspaces),
        new ServerStatusHandler(Status),
        new HistoryHandler(Workspaces),
        new RollbackHandler(Workspaces),
    ];

    /// <summary>Serves until 'exit' or until the client closes its end; returns the process exit code.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var pipe = new Pipe();
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = LspJson.Options };
        var handler = new HeaderDelimitedMessageHandler(PipeWriter.Create(output), pipe.Reader, formatter);
        using var rpc = new LspJsonRpc(handler) { CancelLocallyInvokedMethodsWhenConnectionIsClosed = true };
        var dispatcher = new HandlerDispatcher(lifecycle, scheduler, Documents, log);
        foreach (var lspHandler in CreateHandlers())
        {
            dispatcher.Register(rpc, lspHandler);
        }
        Client.Attach(rpc);
        rpc.StartListening();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var frames = new LspFrameReader(input, pipe.Writer, MaxMessageBytes, frame => _ = RejectAsync(handler, frame), message => log.Warning("{Message:l}", message), rpc.ClaimResponse);
        var reading = Task.Run(() => frames.RunAsync(stop.Token), CancellationToken.None);

        var finished = await Task.WhenAny(State.ExitRequested, rpc.Completion, reading);
        var exitCode = finished == State.ExitRequested ? await State.ExitRequested : (lifecycle.ShutdownRequested ? 0 : 1);
        if (finished != State.ExitRequested)
        {
            log.Information("The client closed the connection; exiting with {ExitCode}", exitCode);
        }
        await stop.CancelAsync();
        Diagnostics.Dispose();
        await Workspaces.DisposeAsync();
        await Models.DisposeAsync();
        return exitCode;
    }

    /// <summary>Answers a frame the reader refused: an error response where the request's id is known or
    /// the message was unreadable (id null, as JSON-RPC says), a log line for a notification.</summary>
    private async Task RejectAsync(IJsonRpcMessageHandler handler, RejectedFrame frame)
    {
        log.Warning("Refused a message{Method:l}: {Reason:l}", frame.Method is null ? "" : $" ('{frame.Method}')", frame.Reason);
        if (frame.Method is not null && frame.Id is null && !frame.AnswerWithNullId)
        {
            if (frame.Method.StartsWith("textDocument/did", StringComparison.Ordinal))
            {
                await Client.ShowMessageAsync(MessageType.Warning, $"CodeImprove ignored '{frame.Method}': {frame.Reason}");
            }
            return;
        }
        var error = new JsonRpcError
        {
            RequestId = frame.Id is { } id ? ToRequestId(id) : RequestId.Null,
            Error = new JsonRpcError.ErrorDetail { Code = (JsonRpcErrorCode)frame.ErrorCode, Message = frame.Reason },
        };
        try
        {
            await handler.WriteAsync(error, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            log.Warning("Could not answer a refused message: {Message}", e.Message);
        }
    }

    private static RequestId ToRequestId(JsonElement id) =>
        id.ValueKind == JsonValueKind.Number ? new RequestId(id.GetInt64()) : new RequestId(id.GetString());
}
