using System.Text.Json;

namespace CodeImprove.Protocol;

public sealed record ConfigurationItem
{
    public string? ScopeUri { get; init; }
    public string? Section { get; init; }
}

public sealed record ConfigurationParams(IReadOnlyList<ConfigurationItem> Items);

public sealed record DidChangeConfigurationParams
{
    public JsonElement? Settings { get; init; }
}
