using System.Text.Json;

namespace CodeImprove.Memory.Storage;

/// <summary>JSON text columns: the score breakdown and stage timings are name → number maps; analyses are free-form.</summary>
internal static class JsonColumns
{
    public static string FromNumbers(IReadOnlyDictionary<string, double> values) => JsonSerializer.Serialize(values);

    public static IReadOnlyDictionary<string, double> ToNumbers(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, double>>(json) ?? [];

    public static string? FromElement(JsonElement? element) => element?.GetRawText();

    public static JsonElement? ToElement(string? json)
    {
        if (json is null)
        {
            return null;
        }
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
