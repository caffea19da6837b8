using System.Diagnostics;
using CodeImprove.Analysis;
using CodeImprove.Engine;
using CodeImprove.Engine.Configuration;
using CodeImprove.Engine.Sessions;
using CodeImprove.History;
using CodeImprove.Inference;
using CodeImprove.Memory;

namespace CodeImprove.Cli.Improving;

/// <summary>What became of one target: the engine's result, the applied plan, or the error that stopped it.</summary>
internal sealed record TargetOutcome(CliTarget Target, ImproveResult? Result, AcceptPlan? Applied, string? Error, double Seconds);

/// <summary>
/// The improve loop for the command line: the workspace, model, episode memory and history are opened once, then any
/// number of targets run one after another. With apply, each proposal is written with its own rollback point and the
/// analysis follows the new file text before the next target.
/// </summary>
internal sealed class ImproveBatch : IAsyncDisposable
{
    private readonly EpisodeStore _memory;
    private readonly ModelSlot _models;
    private readonly RollbackPointStore? _history;
    private readonly ImproveEngine _engine;

    private ImproveBatch(string root, AnalysisWorkspace analysis, EpisodeStore memory, ModelSlot models, RollbackPointStore? history, ImproveEngine engine)
    {
        Root = root;
        Analysis = analysis;
        _memory = memory;
        _models = models;
        _history = history;
        _engine = engine;
    }

    /// <summary>The workspace root the batch's state lives under (<see cref="WorkspaceRoot"/>); reports name files relative to it.</summary>
    public string Root { get; }

    public AnalysisWorkspace Analysis { get; }

    /// <param name="open">What to load: a .cs file (with its nearest project), a project, a solution or a folder.</param>
    /// <param name="model">The model to lease (null: the no-model default); the batch disposes it.</param>
    public static async Task<ImproveBatch> OpenAsync(string open, string root, CodeImproveOptions options, IModel? model, bool apply, CancellationToken cancellationToken)
    {
        AnalysisWorkspace analysis;
        try
        {
            analysis = await AnalysisWorkspace.OpenPathAsync(open, cancellationToken: cancellationToken);
        }
        catch (AnalysisException e)
        {
            throw new CliException(e.Message);
        }
        var memory = await EpisodeStore.OpenAsync(new EpisodeStoreOptions { DatabasePath = WorkspaceSession.DatabasePath(root, options) }, cancellationToken);
        var models = new ModelSlot(model);
        var history = apply ? RollbackPointStore.Open(root) : null;
        var engine = new ImproveEngine(new EngineDependencies
        {
            Analysis = analysis, Options = options, Models = models, Memory = memory, History = history, WorkspaceRoot = root,
        });
        return new ImproveBatch(root, analysis, memory, models, history, engine);
    }

    public async Task<TargetOutcome> RunAsync(CliTarget target, string? instruction, string? strategy, bool apply, IProgress<LoopProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var text = await WorkspaceSession.ReadTextAsync(target.Path, cancellationToken);
            var request = new ImproveRequest(target.Path, text, target.Range) { Instruction = instruction, Strategy = strategy };
            var result = await _engine.ImproveAsync(request, progress, cancellationToken);
            AcceptPlan? applied = null;
            if (apply && result.Proposal is { } proposal)
            {
                applied = await _engine.AcceptAsync(proposal.Id, cancellationToken: cancellationToken);
                await Analysis.ApplyFileChangesAsync([new FileChange(target.Path, FileChangeKind.Changed)], cancellationToken: cancellationToken);
            }
            return new TargetOutcome(target, result, applied, null, clock.Elapsed.TotalSeconds);
        }
        catch (Exception e) when (e is EngineException or AnalysisException)
        {
            return new TargetOutcome(target, null, null, e.Message, clock.Elapsed.TotalSeconds);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _history?.Dispose();
        await _models.DisposeAsync();
        await _memory.DisposeAsync();
        Analysis.Dispose();
    }
}
