namespace CodeImprove.LanguageServer.Hosting;

/// <summary>How a request may be scheduled relative to others (see <see cref="RequestScheduler"/>).</summary>
public enum RequestKind
{
    /// <summary>Reads server state; runs concurrently with other readers.</summary>
    ReadOnly,

    /// <summary>Changes server state (documents, configuration, lifecycle); runs alone, in arrival order.</summary>
    Mutating,

    /// <summary>
    /// Long work (improve, diagnostics, code fixes) that takes its snapshot of the state when it starts, after the
    /// mutations before it; later mutations do not wait for it, so typing goes on while it runs.
    /// </summary>
    Background,

    /// <summary>
    /// Reads nothing the document-changing requests write (server status, the episode and history stores, which guard
    /// themselves): runs at once, so a queue of text changes never holds back a status poll or the history panel.
    /// </summary>
    Immediate,
}

/// <summary>One handler class per LSP method; all of them are registered in <see cref="LspServer"/>.</summary>
public interface ILspHandler
{
    string Method { get; }

    RequestKind Kind { get; }
}

/// <summary>Handles a request: the client waits for its result.</summary>
public abstract class RequestHandler<TParams, TResult> : ILspHandler
    where TParams : class
{
    public abstract string Method { get; }

    public virtual RequestKind Kind => RequestKind.ReadOnly;

    /// <summary>False for methods whose params are optional (e.g. shutdown).</summary>
    public virtual bool RequiresParams => true;

    /// <summary>The document whose state the dispatcher captures for the request before it runs, or null.</summary>
    public virtual string? DocumentUri(TParams request) => null;

    /// <summary>Handles the request on <paramref name="context"/>, never on live state; throws domain exceptions (see <see cref="ErrorMap"/>).</summary>
    public abstract Task<TResult> HandleAsync(TParams? request, RequestContext context, CancellationToken cancellationToken);
}

/// <summary>What a request reads, captured before its handler runs: the document as the editor had it (null: not open, or none named).</summary>
public sealed record RequestContext(Documents.TextDocument? Document)
{
    public static RequestContext None { get; } = new((Documents.TextDocument?)null);
}

/// <summary>Handles a notification: nothing is answered, so failures are logged and reported to the client.</summary>
public abstract class NotificationHandler<TParams> : ILspHandler
    where TParams : class
{
    public abstract string Method { get; }

    public virtual RequestKind Kind => RequestKind.Mutating;

    public virtual bool RequiresParams => true;

    public abstract Task HandleAsync(TParams? notification, CancellationToken cancellationToken);
}

/// <summary>Methods that take no parameters.</summary>
public sealed record NoParams;
