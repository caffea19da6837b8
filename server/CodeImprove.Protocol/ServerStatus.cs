namespace CodeImprove.Protocol;

/// <summary>
/// Result of <c>codeImprove/serverStatus</c> and payload of <c>codeImprove/statusChanged</c>: what the status bar shows.
/// </summary>
/// <param name="ModelState">none, loading, cpu, gpu, endpoint or failed.</param>
/// <param name="WorkspaceState">idle (no folder, nothing loaded yet), loading, ready or failed.</param>
/// <param name="Busy">Improvements running now.</param>
public sealed record ServerStatus(
    string Version,
    string ModelState,
    string WorkspaceState,
    int Busy,
    int OpenDocuments,
    long UptimeMilliseconds,
    long WorkingSetBytes)
{
    public string? ModelName { get; init; }
    public string? ModelMessage { get; init; }
    public double? LastTokensPerSecond { get; init; }
}
