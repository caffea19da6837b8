using CodeImprove.Analysis;
using CodeImprove.Engine.Configuration;
using CodeImprove.Engine.Sessions;
using CodeImprove.History;
using CodeImprove.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeImprove.Engine;

/// <summary>
/// What the engine works with. Only the analysis and the options are required: without a model the engine proposes
/// Roslyn code fixes; without memory nothing is recorded or learned; without history an accepted proposal is written
/// with no rollback point.
/// </summary>
public sealed record EngineDependencies
{
    public required AnalysisWorkspace Analysis { get; init; }
    public required CodeImproveOptions Options { get; init; }

    /// <summary>The model each run leases when it starts (an empty slot: the Roslyn code fixes).</summary>
    public ModelSlot Models { get; init; } = new();
    public EpisodeStore? Memory { get; init; }
    public RollbackPointStore? History { get; init; }

    /// <summary>The editor's open documents (the language server); null for the CLI, which changes files on disk.</summary>
    public IEditorBuffers? Editor { get; init; }

    /// <summary>The workspace folder: episodes name files relative to it.</summary>
    public string? WorkspaceRoot { get; init; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Seeds the policy's sampling (and, offset per cycle, the model's); null takes model.seed from the options.</summary>
    public int? Seed { get; init; }

    public ILogger Logger { get; init; } = NullLogger.Instance;
}
