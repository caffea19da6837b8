using CodeImprove.Analysis.Text;
using CodeImprove.Engine.Text;

namespace CodeImprove.Engine;

/// <summary>The engine's line diff for hosts that show stored code (e.g. an episode's original and final code).</summary>
public static class TextDiff
{
    public static string Unified(string oldText, string newText, string path) => LineDiff.Unified(oldText, newText, path);
}
