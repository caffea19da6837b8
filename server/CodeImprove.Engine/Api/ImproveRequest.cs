using CodeImprove.Analysis;

namespace CodeImprove.Engine;

/// <summary>
/// "Improve this": the document, the text the caller sees (the editor's buffer, or the file on disk for the CLI),
/// the cursor or selection, and optionally what to do and which strategy to use.
/// </summary>
/// <param name="DocumentPath">Absolute path of the C# document.</param>
/// <param name="Text">The document's full text the request is about; the proposal is computed on exactly this text.</param>
/// <param name="Span">A cursor (empty range: the enclosing member) or a selection (the statements it covers).</param>
public sealed record ImproveRequest(string DocumentPath, string Text, SourceRange Span)
{
    /// <summary>Free text from the user, e.g. "avoid the allocation in the loop".</summary>
    public string? Instruction { get; init; }

    /// <summary>A strategy name from <see cref="Strategies.StrategyCatalog"/>; null lets the policy choose.</summary>
    public string? Strategy { get; init; }

    /// <summary>The editor's document version the text belongs to (null for a file on disk).</summary>
    public int? Version { get; init; }
}

/// <summary>Where the loop is: which stage of which cycle (cycle 0 is preparation and the final scoring).</summary>
public sealed record LoopProgress(LoopStage Stage, int Cycle, string Message);

public enum LoopStage
{
    Preparing,
    Selecting,
    Prompting,
    Generating,
    Analyzing,
    Reflecting,
    Scoring,
    Recording,
}
