using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodeImprove.Engine.Loop;

/// <summary>How the engine writes analysis summaries into episode memory (camelCase, enums by name).</summary>
internal static class EngineJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
