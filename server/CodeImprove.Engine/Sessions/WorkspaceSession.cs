using CodeImprove.Analysis;
using CodeImprove.Analysis.Loading;
using CodeImprove.Engine.Applying;
using CodeImprove.Engine.Configuration;
using CodeImprove.Engine.Strategies;
using CodeImprove.Engine.Text;
using CodeImprove.History;
using CodeImprove.Inference;
using CodeImprove.Memory;
using CodeImprove.Memory.Embeddings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeImprove.Engine.Sessions;

/// <summary>What every session of a process shares: the model slot, the editor (none for the CLI), loggers, and where user-facing warnings go.</summary>
public sealed record SessionContext
{
    public required ModelSlot Models { get; init; }
    public IEditorBuffers? Editor { get; init; }
    public ILoggerFactory Loggers { get; init; } = NullLoggerFactory.Instance;

    /// <summary>A message the user should see (the episode store moved a corrupt file aside, say).</summary>
    public Action<string> Warn { get; init; } = _ => { };

    /// <summary>Asks the user to choose one of the answers (the editor's message with buttons); null where nobody can answer (the CLI).</summary>
    public Func<string, IReadOnlyList<string>, Task<string?>>? Ask { get; init; }

    /// <summary>
    /// Whether the user trusts the folders (the editor's workspace trust). An untrusted folder's projects are never loaded
    /// through MSBuild, whose targets would run the repository's code: its C# files get ad-hoc projects (syntax, metrics
    /// and framework-only semantics).
    /// </summary>
    public bool Trusted { get; init; } = true;

    /// <summary>Where changes come from, as the audit trail names it: "editor" for the language server, "cli" for commands.</summary>
    public string Origin { get; init; } = "cli";
}

/// <summary>
/// One workspace folder, opened the same way by the language server (one per folder of a multi-root workspace) and by
/// every CLI command: its Roslyn analysis, its episode store (<see cref="DatabasePath"/>), its rollback history and the
/// improvement engine over them, which leases the shared model per run. The stores open on first use; one that cannot
/// open (no folder, a read-only disk) is reported and tried again by the next caller. Library exceptions below stay below:
/// callers see <see cref="EngineException"/>s and <see cref="AnalysisException"/>s.
/// </summary>
public sealed class WorkspaceSession : IAsyncDisposable
{
    private readonly TaskCompletionSource<AnalysisWorkspace> _analysis = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly RetryingLazy<EpisodeStore> _memory;
    private readonly RetryingLazy<RollbackPointStore> _history;
    private readonly RetryingLazy<ImproveEngine> _engine;
    private readonly SessionContext _context;
    private readonly ILogger _log;
    private ModelEmbedder? _embedder;
    private CodeImproveOptions _options;

    public WorkspaceSession(string? folder, CodeImproveOptions options, SessionContext context)
    {
        Folder = folder is null ? null : FolderPaths.Normalize(folder);
        _options = options;
        _context = context;
        _log = context.Loggers.CreateLogger("session");
        _memory = new RetryingLazy<EpisodeStore>(OpenMemoryAsync);
        _history = new RetryingLazy<RollbackPointStore>(OpenHistoryAsync);
        _engine = new RetryingLazy<ImproveEngine>(CreateEngineAsync);
    }

    /// <summary>The workspace folder; null for a server with loose files only (no memory, no history).</summary>
    public string? Folder { get; }

    public CodeImproveOptions Options => _options;

    /// <summary>The one place the episode database's path is decided: <c>memory.databasePath</c>, relative to the folder's <see cref="WorkspaceRoot"/>.</summary>
    public static string DatabasePath(string folder, CodeImproveOptions options) =>
        Path.GetFullPath(Path.Combine(WorkspaceRoot.Of(folder), options.Memory.DatabasePath ?? Path.Combine(EpisodeStoreOptions.StateFolderName, EpisodeStoreOptions.DefaultFileName)));

    /// <summary>A closed file's text as an editor would show it (its encoding and BOM detected by the one encoding rule).</summary>
    public static async Task<string> ReadTextAsync(string path, CancellationToken cancellationToken) =>
        (await TextFile.ReadAsync(path, cancellationToken) ?? throw new EngineException($"cannot read {path}: it does not exist")).Text;

    /// <summary>Whether <paramref name="path"/> lies in this session's folder.</summary>
    public bool Contains(string path) => Folder is not null && FolderPaths.IsInside(Folder, path);

    /// <summary>New options for what starts from now on (running runs keep theirs).</summary>
    public void Reconfigure(CodeImproveOptions options)
    {
        _options = options;
        _engine.OpenedValue?.Reconfigure(options);
    }

    /// <summary>
    /// Loads the folder's projects (a folder-less or untrusted session loads none: its files get ad-hoc projects, see
    /// <see cref="SessionContext.Trusted"/>).
    /// </summary>
    public async Task<WorkspaceLoadResult> LoadAsync(IProgress<WorkspaceLoadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        try
        {
            var workspace = await AnalysisWorkspace.OpenFoldersAsync(Folder is null || !_context.Trusted ? [] : [Folder], progress, cancellationToken);
            workspace.Logger = _context.Loggers.CreateLogger("analysis");
            _analysis.TrySetResult(workspace);
            return workspace.LoadResult;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _analysis.TrySetException(new AnalysisException($"the workspace {Folder ?? "(no folder)"} could not be loaded: {e.Message}"));
            throw;
        }
    }

    /// <summary>The loaded analysis (waits for <see cref="LoadAsync"/>).</summary>
    public Task<AnalysisWorkspace> AnalysisAsync(CancellationToken cancellationToken = default) => _analysis.Task.WaitAsync(cancellationToken);

    /// <summary>The analysis once loaded, or null while it loads.</summary>
    public AnalysisWorkspace? LoadedAnalysis => _analysis.Task.IsCompletedSuccessfully ? _analysis.Task.Result : null;

    /// <summary>
    /// A request's snapshot once the workspace has loaded: <paramref name="path"/> holding exactly the request's text, or the
    /// workspace as it is when the request has no text of its own (a closed file).
    /// </summary>
    public async Task<AnalysisSnapshot> SnapshotAsync(string path, string? text, int? version, CancellationToken cancellationToken)
    {
        var analysis = await AnalysisAsync(cancellationToken);
        return text is null ? analysis.Snapshot() : analysis.Snapshot(path, text, version);
    }

    public Task<EpisodeStore> MemoryAsync() => _memory.GetAsync();

    public Task<RollbackPointStore> HistoryAsync() => _history.GetAsync();

    public Task<ImproveEngine> EngineAsync(CancellationToken cancellationToken = default) => _engine.GetAsync().WaitAsync(cancellationToken);

    /// <summary>Runs "improve this" on the request's text (see <see cref="ImproveEngine.ImproveAsync"/>).</summary>
    public async Task<ImproveResult> ImproveAsync(ImproveRequest request, IProgress<LoopProgress>? progress, CancellationToken cancellationToken)
    {
        var engine = await EngineAsync(cancellationToken);
        return await Gateway(() => engine.ImproveAsync(request, progress, cancellationToken));
    }

    /// <summary>The open proposal with this id in this session, or null.</summary>
    public Proposal? FindProposal(string proposalId) => _engine.OpenedValue?.GetProposal(proposalId);

    /// <summary>Accepts all or the chosen hunks of a proposal; a rollback point is recorded first (see <see cref="ImproveEngine.AcceptAsync"/>).</summary>
    public async Task<AcceptPlan> AcceptAsync(string proposalId, IReadOnlyList<int>? hunkIds, CancellationToken cancellationToken)
    {
        await Gateway(HistoryAsync); // no change is applied without a rollback point
        var engine = await EngineAsync(cancellationToken);
        return await Gateway(() => engine.AcceptAsync(proposalId, hunkIds, cancellationToken));
    }

    public async Task RejectAsync(string proposalId, string? reason, CancellationToken cancellationToken)
    {
        var engine = await EngineAsync(cancellationToken);
        await Gateway(async () =>
        {
            await engine.RejectAsync(proposalId, reason, cancellationToken);
            return true;
        });
    }

    public async Task<EpisodePage> QueryEpisodesAsync(EpisodeQuery query, CancellationToken cancellationToken) =>
        await (await MemoryAsync()).QueryEpisodesAsync(query, cancellationToken);

    public async Task<EpisodeDetail> GetEpisodeAsync(long id, CancellationToken cancellationToken) =>
        await (await MemoryAsync()).GetEpisodeAsync(id, cancellationToken)
        ?? throw new EngineException($"there is no episode {id} in the episode memory of {Folder}");

    /// <summary>Acceptance and latency per day and strategy, the strategy policy's general beliefs, the learned code-fix preferences, and the store's health.</summary>
    public async Task<SessionStatistics> GetStatisticsAsync(CancellationToken cancellationToken)
    {
        var store = await MemoryAsync();
        var statistics = await store.GetStatisticsAsync(TimeSpan.FromDays(1), cancellationToken: cancellationToken);
        return new SessionStatistics(statistics, await StrategyPolicy.GeneralBeliefsAsync(store, cancellationToken),
            await store.GetFixPreferencesAsync(cancellationToken), store.Health);
    }

    /// <summary>Forgets the code-fix preferences learned in this workspace; returns how many rules were forgotten.</summary>
    public async Task<int> ResetPreferencesAsync(CancellationToken cancellationToken) =>
        await (await MemoryAsync()).ResetFixPreferencesAsync(cancellationToken)
        ?? throw new EngineException($"the learned preferences of {Folder} cannot be reset: the episode memory is read-only ({(await MemoryAsync()).Health.Warning})");

    /// <summary>The rollback points, newest first, and the applies a crash interrupted.</summary>
    public async Task<(IReadOnlyList<HistoryEntry> Points, IReadOnlyList<HistoryEntry> Incomplete)> ListHistoryAsync(CancellationToken cancellationToken) =>
        await Gateway(async () =>
        {
            var store = await HistoryAsync();
            var points = await store.ListAsync(cancellationToken);
            var incomplete = await store.FindIncompleteAsync(cancellationToken);
            return ((IReadOnlyList<HistoryEntry>)[.. points.Select(HistoryEntry.Of)], (IReadOnlyList<HistoryEntry>)[.. incomplete.Select(i => HistoryEntry.Of(i.Point))]);
        });

    /// <summary>
    /// Restores the before-bytes of a point (or an episode's newest point). When any file it restores is open in the editor,
    /// the whole rollback goes through the editor (<see cref="EditApplier"/>); otherwise the files are written on disk.
    /// </summary>
    /// <param name="mode">strict (default), merge or force.</param>
    public Task<RollbackOutcome> RollbackAsync(string target, string? mode, CancellationToken cancellationToken) =>
        Gateway(() => RollBackAsync(target, mode, cancellationToken));

    private async Task<RollbackOutcome> RollBackAsync(string target, string? mode, CancellationToken cancellationToken)
    {
        var rollbackMode = mode?.ToLowerInvariant() switch
        {
            null or "strict" => RollbackMode.Strict,
            "merge" => RollbackMode.Merge,
            "force" => RollbackMode.Force,
            var other => throw new InvalidArgumentException($"unknown rollback mode '{other}': use strict, merge or force"),
        };
        var history = await HistoryAsync();
        var editor = _context.Editor;
        var buffers = OpenBuffers(editor);
        var plan = await history.PlanRollbackAsync(target, rollbackMode, buffers, cancellationToken);
        var files = plan.Restored.Keys.ToList();
        if (editor is null || !files.Any(path => buffers.ContainsKey(FullPath(history, path))))
        {
            var done = await history.RollbackAsync(target, rollbackMode, cancellationToken);
            return new RollbackOutcome(done.Recorded.Id, files, done.Plan.MergedFiles);
        }
        if (plan.Restored.FirstOrDefault(kv => kv.Value is null) is { Key: { } created })
        {
            throw new EngineException($"{created} did not exist before the edit and is open in the editor: close it, then roll back again");
        }
        var edits = new Dictionary<string, IReadOnlyList<PlannedEdit>>();
        foreach (var (path, bytes) in plan.Restored)
        {
            // The plan's current bytes are the open buffer's (or the disk's): replace exactly that whole text.
            var current = plan.Current[path] is { } now ? TextFile.Decode(now).Text : "";
            var whole = new TextPositions(current).Range(0, current.Length);
            edits[FullPath(history, path)] = [new PlannedEdit(whole, TextFile.Decode(bytes!).Text, 0, current.Length)];
        }
        var (pointId, refusal) = await new EditApplier(history, editor).ApplyAsync(
            () => history.BeginRollbackAsync(plan, cancellationToken), edits, plan.Restored, $"Roll back {plan.Point.Id}");
        return pointId is null
            ? throw new EngineException($"the editor did not apply the rollback: {refusal}")
            : new RollbackOutcome(pointId, files, plan.MergedFiles);
    }

    /// <summary>The engine is the gateway: history's exceptions (a rollback conflict, a locked repository) reach callers as the engine's.</summary>
    private static async Task<T> Gateway<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (HistoryException e) // a rollback conflict names the files and the modes that would go ahead
        {
            throw new EngineException(e.Message);
        }
    }

    private static Dictionary<string, byte[]?> OpenBuffers(IEditorBuffers? editor) =>
        editor is null ? [] : editor.OpenPaths.Where(Path.IsPathRooted).ToDictionary(p => p, p => (byte[]?)TextFile.BufferBytes(p, editor.OpenText(p) ?? ""));

    private static string FullPath(RollbackPointStore store, string relativePath) => Path.GetFullPath(Path.Combine(store.Root, relativePath));

    private async Task<EpisodeStore> OpenMemoryAsync()
    {
        var folder = Folder ?? throw new EngineException("no workspace folder is open: episode memory needs one (open a folder)");
        var path = DatabasePath(folder, _options);
        var store = await EpisodeStore.OpenAsync(new EpisodeStoreOptions
        {
            DatabasePath = path,
            Logger = _context.Loggers.CreateLogger("memory"),
            Embedder = await EmbedderAsync() ?? new HashingCodeEmbedder(),
        });
        _log.LogInformation("Episode memory at {Path} ({Mode})", path, store.Health.Mode);
        foreach (var message in new[] { store.Health.RecoveryMessage, store.Health.Warning }.OfType<string>())
        {
            _context.Warn($"CodeImprove episode memory: {message}");
        }
        store.HealthChanged += health =>
        {
            if (health.Warning is { } warning)
            {
                _context.Warn($"CodeImprove episode memory: {warning}");
            }
        };
        return store;
    }

    /// <summary>The GGUF embedding model of model.embeddingModelPath, or null (the built-in embedder) when none is set or it cannot be used.</summary>
    private async Task<IEmbedder?> EmbedderAsync()
    {
        if (_options.Model.EmbeddingModelPath is not { Length: > 0 } path)
        {
            return null;
        }
        try
        {
            _embedder = await ModelEmbedder.OpenAsync(Path.GetFullPath(path, Folder!), _options.Model.GpuLayers, CancellationToken.None);
            _log.LogInformation("Episode retrieval embeds with {Path} ({Id})", path, _embedder.Id);
            return _embedder;
        }
        catch (Exception e) when (e is ModelException or IOException or UnauthorizedAccessException)
        {
            _context.Warn($"CodeImprove: model.embeddingModelPath '{path}' cannot embed ({e.Message}); similar episodes are found with the built-in embedder. " +
                          "Set codeImprove.model.embeddingModelPath to an embedding GGUF (bge, nomic-embed), or clear it.");
            return null;
        }
    }

    private async Task<RollbackPointStore> OpenHistoryAsync()
    {
        var folder = Folder ?? throw new EngineException("no workspace folder is open: rollback points need one (open a folder)");
        var store = await Task.Run(() => RollbackPointStore.Open(folder, new HistoryOptions { Origin = _context.Origin }));
        foreach (var incomplete in store.IncompleteAtOpen)
        {
            _log.LogWarning("An apply was interrupted (point {Point}, episode {Episode}, files {Files}): roll it back or accept it",
                incomplete.Point.Id, incomplete.Point.EpisodeId, string.Join(", ", incomplete.Files.Select(f => $"{f.Path}={f.State}")));
        }
        var settings = _options.History;
        try
        {
            var dropped = await store.PruneAsync(new PruneOptions(settings.MaxPoints > 0 ? settings.MaxPoints : null, settings.MaxAgeDays > 0 ? settings.MaxAgeDays : null));
            if (dropped > 0)
            {
                _log.LogInformation("Pruned {Count} rollback points beyond history.maxPoints={MaxPoints} / history.maxAgeDays={MaxAgeDays}", dropped, settings.MaxPoints, settings.MaxAgeDays);
            }
        }
        catch (Exception e) when (e is HistoryException or IOException)
        {
            _log.LogWarning("Pruning rollback points failed: {Message}", e.Message);
        }
        IReadOnlyList<IncompleteApply> partial = store.IncompleteAtOpen;
        try
        {
            partial = await InterruptedApplies.ReconcileAsync(store, await MemoryAsync(), _log, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The history serves even when the episodes cannot be reconciled (a read-only store, say); the next open tries again.
            _log.LogWarning("Reconciling interrupted applies failed: {Message}", e.Message);
        }
        var offers = new List<Task>();
        foreach (var interrupted in partial)
        {
            var what = $"CodeImprove: {InterruptedApplies.Describe(interrupted)}";
            if (_context.Ask is { } ask)
            {
                offers.Add(Task.Run(() => OfferToFinishAsync(interrupted.Point, what, ask))); // the open does not wait for the user
            }
            else
            {
                _context.Warn($"{what}. Undo it with `codeimprove rollback {interrupted.Point.Id} --force` (the bytes from before the apply are kept); `codeimprove history` lists it.");
            }
        }
        FinishingInterrupted = Task.WhenAll(offers);
        return store;
    }

    /// <summary>Done when the user has answered every offer to finish an interrupted apply (and the answer was carried out).</summary>
    internal Task FinishingInterrupted { get; private set; } = Task.CompletedTask;

    internal const string UndoInterrupted = "Undo the partial apply";
    internal const string KeepInterrupted = "Keep the files as they are";

    /// <summary>An apply a crash left part way: the editor asks the user to undo it (restore every file) or keep it.</summary>
    private async Task OfferToFinishAsync(RollbackPoint point, string what, Func<string, IReadOnlyList<string>, Task<string?>> ask)
    {
        try
        {
            var choice = await ask($"{what}. Undo it (every file gets its bytes from before the apply back), or keep the files as they are?", [UndoInterrupted, KeepInterrupted]);
            var memory = _memory.OpenedValue;
            if (choice == UndoInterrupted)
            {
                var undone = await RollbackAsync(point.Id, "force", CancellationToken.None);
                await InterruptedApplies.UndoneAsync(memory, point, CancellationToken.None);
                _context.Warn($"CodeImprove: the interrupted apply of episode {point.EpisodeId} was undone ({string.Join(", ", undone.Files)} restored; rollback point {undone.PointId}).");
            }
            else if (choice == KeepInterrupted)
            {
                await InterruptedApplies.KeepAsync(await HistoryAsync(), memory, point, CancellationToken.None);
                _context.Warn($"CodeImprove: the interrupted apply of episode {point.EpisodeId} was kept as it was left; `codeimprove rollback {point.Id}` undoes it.");
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _context.Warn($"CodeImprove: finishing the interrupted apply of episode {point.EpisodeId} failed: {e.Message}. `codeimprove rollback {point.Id} --force` undoes it.");
        }
    }

    private async Task<ImproveEngine> CreateEngineAsync()
    {
        var analysis = await AnalysisAsync();
        return new ImproveEngine(new EngineDependencies
        {
            Analysis = analysis,
            Options = _options,
            Models = _context.Models,
            Memory = await OptionalAsync(MemoryAsync, "episodes are not recorded"),
            History = await OptionalAsync(HistoryAsync, "proposals cannot be accepted into open documents"),
            Editor = _context.Editor,
            WorkspaceRoot = Folder,
            Logger = _context.Loggers.CreateLogger("engine"),
        });
    }

    private async Task<T?> OptionalAsync<T>(Func<Task<T>> open, string consequence)
        where T : class
    {
        try
        {
            return await open();
        }
        catch (Exception e) when (e is EngineException or HistoryException or IOException or InvalidOperationException)
        {
            _log.LogWarning("{Message}: {Consequence}", e.Message, consequence);
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        LoadedAnalysis?.Dispose();
        _history.OpenedValue?.Dispose();
        if (_memory.OpenedValue is { } memory)
        {
            await memory.DisposeAsync();
        }
        if (_embedder is not null)
        {
            await _embedder.DisposeAsync();
        }
    }
}

/// <summary>A rollback point as callers see it; <see cref="State"/> is applied, inProgress, abandoned... (camelCase).</summary>
public sealed record HistoryEntry(string Id, string EpisodeId, DateTimeOffset Time, IReadOnlyList<string> Files, string State, string? Reverts)
{
    internal static HistoryEntry Of(RollbackPoint point) =>
        new(point.Id, point.EpisodeId, point.Time, point.Files, System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(point.State.ToString()), point.Reverts);
}

/// <summary>What <c>codeImprove/stats</c> shows of a workspace.</summary>
public sealed record SessionStatistics(EpisodeStatistics Statistics, IReadOnlyList<StrategyBelief> Beliefs, IReadOnlyList<FixPreference> Preferences, StoreHealth Health);

/// <summary>A rollback done: the point that records it, the files it restored, and those merged rather than restored whole.</summary>
public sealed record RollbackOutcome(string PointId, IReadOnlyList<string> Files, IReadOnlyList<string> MergedFiles);
