using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodeImprove.LanguageServer.Hosting;

/// <summary>LSP's JSON shape: camelCase names, optional properties left out, enums as numbers.</summary>
public static class LspJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
