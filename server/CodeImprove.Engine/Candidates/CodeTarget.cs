using CodeImprove.Analysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CodeImprove.Engine.Candidates;

/// <summary>
/// The region a run rewrites: one member (a method, constructor, accessor...) or a run of statements inside one.
/// </summary>
/// <param name="MemberKind">The member's syntax kind; a candidate must parse as the same kind. None for statements.</param>
/// <param name="Start">Offset of the region in the document text.</param>
/// <param name="Code">The region's text as it is now.</param>
internal sealed record CodeTarget(bool IsMember, SyntaxKind MemberKind, string Name, SourceRange Range, int Start, string Code)
{
    public int End => Start + Code.Length;

    public string Describe => IsMember ? $"the member {Name}" : $"the selected statements of {Name}";
}
