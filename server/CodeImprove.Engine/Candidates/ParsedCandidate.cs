namespace CodeImprove.Engine.Candidates;

/// <summary>A model reply read as a candidate: the rewritten region and any prose around it (the model's explanation).</summary>
internal sealed record ParsedCandidate(string Code, string Explanation);

/// <summary>Either a candidate or why the reply holds none (fed back to the model in the reflection).</summary>
internal sealed record ParseOutcome(ParsedCandidate? Candidate, string? Failure)
{
    public static ParseOutcome Ok(string code, string explanation) => new(new ParsedCandidate(code, explanation), null);

    public static ParseOutcome Fail(string reason) => new(null, reason);
}
