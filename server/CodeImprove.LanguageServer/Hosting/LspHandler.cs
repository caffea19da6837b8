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

    public abstract Task<TResult> HandleAsync(TParams? request, CancellationToken cancellationToken);
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
