namespace CodeImprove.Engine.Strategies;

/// <summary>
/// A way to improve code, as a prompt recipe: what to ask the model for, and which code it suits (the policy's prior).
/// </summary>
/// <param name="Name">Stable name used in configuration, the CLI (--strategy) and episode memory.</param>
/// <param name="Recipe">The instruction given to the model, written for a small local code model.</param>
/// <param name="Goal">Whether a rewrite (features before, after) did what the recipe asks, where the score's other terms
/// do not see it; null for aims they measure already (diagnostics, nesting).</param>
public sealed record Strategy(string Name, string Title, string Recipe, Func<CodeFeatures, bool> Suits, Func<CodeFeatures, CodeFeatures, bool>? Goal = null);
