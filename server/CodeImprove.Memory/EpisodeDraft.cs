using System.Text.Json;

namespace CodeImprove.Memory;

/// <summary>A zero-based line/character range, as LSP ranges are.</summary>
public readonly record struct SourceSpan(int StartLine, int StartCharacter, int EndLine, int EndCharacter);

/// <summary>
/// What the engine knows about one improve run when it records it. The decision starts as
/// <see cref="EpisodeDecision.Pending"/> unless given, and is set later by <see cref="EpisodeStore.SetDecisionAsync"/>.
/// </summary>
public sealed record EpisodeDraft
{
    public required string Workspace { get; init; }

    /// <summary>The file as the caller names it (the engine passes workspace-relative paths).</summary>
    public required string File { get; init; }

    public required SourceSpan Span { get; init; }
    public string Language { get; init; } = "csharp";
    public required string Instruction { get; init; }
    public required string Strategy { get; init; }
    public required string OriginalCode { get; init; }
    public string? FinalCode { get; init; }
    public EpisodeDecision Decision { get; init; } = EpisodeDecision.Pending;

    /// <summary>Final candidate's score minus the original's; the statistics average it.</summary>
    public double? ScoreDelta { get; init; }

    /// <summary>Named score components (e.g. "diagnostics": -2, "complexity": -3).</summary>
    public IReadOnlyDictionary<string, double> ScoreBreakdown { get; init; } = new Dictionary<string, double>();

    /// <summary>The analysis report of the final candidate, in whatever shape the engine writes it.</summary>
    public JsonElement? AnalysisSummary { get; init; }

    public string? ModelId { get; init; }

    /// <summary>Milliseconds spent per stage (e.g. "generate", "analyze", "reflect").</summary>
    public IReadOnlyDictionary<string, double> StageTimings { get; init; } = new Dictionary<string, double>();

    public int PromptTokens { get; init; }
    public int CompletionTokens { get; init; }
    public string? RollbackPointId { get; init; }
}

/// <summary>One candidate produced in one cycle of the loop.</summary>
public sealed record CandidateDraft
{
    public required int Cycle { get; init; }
    public required string Code { get; init; }

    /// <summary>Identifies the candidate's content so repeats can be recognised (computed by the engine).</summary>
    public required string Fingerprint { get; init; }

    public double? Score { get; init; }
    public JsonElement? Analysis { get; init; }

    /// <summary>Unified diff against the original code, when the engine has one to show.</summary>
    public string? Diff { get; init; }
}
