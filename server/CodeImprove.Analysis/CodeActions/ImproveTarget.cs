namespace CodeImprove.Analysis.CodeActions;

public enum ImproveTargetKind
{
    /// <summary>The whole member around the cursor ("Improve this method").</summary>
    Member,

    /// <summary>The statements a non-empty selection covers ("Improve selection").</summary>
    Selection,
}

/// <summary>What an "Improve" action would work on; found from syntax only, so it is cheap enough for every cursor move.</summary>
/// <param name="Name">The enclosing member's name, as in <see cref="Metrics.MethodMetrics.Name"/>.</param>
/// <param name="MemberKind">The enclosing member's kind (method, constructor, get, ...).</param>
/// <param name="Range">The member's declaration, or the selected statements (widened to whole statements).</param>
/// <param name="NameRange">The enclosing member's name.</param>
public sealed record ImproveTarget(ImproveTargetKind Kind, string Name, string MemberKind, SourceRange Range, SourceRange NameRange);
