namespace CodeImprove.Memory;

/// <summary>
/// What the user decided about one code-fix rule (a diagnostic id such as IDE0054) in this workspace: every accepted or
/// rejected hunk that fixed it counts. <see cref="RejectedSinceAccept"/> drives suppression; an accept resets it.
/// </summary>
public sealed record FixPreference(string Rule, int Accepted, int Rejected, int RejectedSinceAccept)
{
    /// <summary>Rejections in a row, with no accept between, after which a rule's fixes are no longer proposed.</summary>
    public const int SuppressAfter = 3;

    public bool Suppressed => RejectedSinceAccept >= SuppressAfter;
}
