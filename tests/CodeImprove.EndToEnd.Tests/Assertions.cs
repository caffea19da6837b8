using System.Text.Json.Nodes;

namespace CodeImprove.EndToEnd.Tests;

internal static class Assertions
{
    public static int ErrorCode(this JsonObject response) =>
        response["error"]?["code"]?.GetValue<int>() ?? throw new Xunit.Sdk.XunitException("Expected an error response, got " + response.ToJsonString());

    public static JsonNode Result(this JsonObject response) =>
        response.ContainsKey("result") ? response["result"] ?? JsonValue.Create((string?)null)! : throw new Xunit.Sdk.XunitException("Expected a result, got " + response.ToJsonString());
}
