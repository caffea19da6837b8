using CodeImprove.LanguageServer.Documents;
using CodeImprove.Protocol;

namespace CodeImprove.LanguageServer.Services;

/// <summary>
/// What the status bar shows: model, workspace and busy state. Every change is pushed as <c>codeImprove/statusChanged</c>
/// once the client is initialized; <c>codeImprove/serverStatus</c> reads the same object.
/// </summary>
public sealed class StatusReporter(ClientConnection client, DocumentStore documents, ServerState state)
{
    private readonly Lock gate = new();
    private (string State, string? Name, string? Message) model = ("none", null, null);
    private string workspace = "loading";
    private int busy;
    private double? lastTokensPerSecond;
    private bool initialized;

    public ServerStatus Current
    {
        get
        {
            lock (gate)
            {
                return new ServerStatus(ServerState.Version, model.State, workspace, busy, documents.Count, (long)state.Uptime.TotalMilliseconds, Environment.WorkingSet)
                {
                    ModelName = model.Name,
                    ModelMessage = model.Message,
                    LastTokensPerSecond = lastTokensPerSecond,
                };
            }
        }
    }

    /// <summary>Called on <c>initialized</c>: from then on changes are pushed.</summary>
    public void Start() => Update(() => initialized = true);

    public void SetModel(string modelState, string? name = null, string? message = null) => Update(() => model = (modelState, name, message));

    public void SetWorkspace(string workspaceState) => Update(() => workspace = workspaceState);

    public void SetTokensPerSecond(double? tokensPerSecond) => Update(() => lastTokensPerSecond = tokensPerSecond);

    /// <summary>Counts one running improvement until disposed.</summary>
    public IDisposable Busy()
    {
        Update(() => busy++);
        return new Release(() => Update(() => busy--));
    }

    private void Update(Action change)
    {
        bool push;
        lock (gate)
        {
            change();
            push = initialized;
        }
        if (push)
        {
            _ = client.NotifyAsync(LspMethods.StatusChanged, Current);
        }
    }

    private sealed class Release(Action action) : IDisposable
    {
        private int done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref done, 1) == 0)
            {
                action();
            }
        }
    }
}
