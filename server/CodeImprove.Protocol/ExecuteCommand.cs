using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodeImprove.Protocol;

public sealed record ExecuteCommandParams(string Command) : IWorkDoneProgressParams
{
    public IReadOnlyList<JsonElement>? Arguments { get; init; }

    [JsonPropertyName("workDoneToken")]
    public ProgressToken? WorkDoneToken { get; init; }
}

/// <summary>The commands the server executes (<c>workspace/executeCommand</c>).</summary>
public static class ServerCommands
{
    public const string Improve = "codeImprove.improve";
}
