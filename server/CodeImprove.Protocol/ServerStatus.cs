namespace CodeImprove.Protocol;

/// <summary>Result of <c>codeImprove/serverStatus</c>: what the status bar shows.</summary>
public sealed record ServerStatus(string Version, string ModelState, int OpenDocuments, long UptimeMilliseconds, long WorkingSetBytes);
