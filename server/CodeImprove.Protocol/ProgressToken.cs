using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodeImprove.Protocol;

/// <summary>LSP's <c>integer | string</c> progress token.</summary>
[JsonConverter(typeof(ProgressTokenConverter))]
public readonly record struct ProgressToken(string? Text, long? Number)
{
    public static ProgressToken From(string text) => new(text, null);

    public override string ToString() => Text ?? Number?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
}

internal sealed class ProgressTokenConverter : JsonConverter<ProgressToken>
{
    public override ProgressToken Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => new ProgressToken(reader.GetString(), null),
            JsonTokenType.Number => new ProgressToken(null, reader.GetInt64()),
            _ => throw new JsonException("A progress token must be a string or an integer."),
        };

    public override void Write(Utf8JsonWriter writer, ProgressToken value, JsonSerializerOptions options)
    {
        if (value.Text is not null)
        {
            writer.WriteStringValue(value.Text);
        }
        else
        {
            writer.WriteNumberValue(value.Number ?? 0);
        }
    }
}
