using System.Text.Encodings.Web;
using System.Text.Json;

namespace CodeImprove.Memory;

/// <summary>Accepted (instruction, before, after) pairs as JSON lines, the shape fine-tuning tools read.</summary>
internal static class DatasetExport
{
    private sealed record Line(string Instruction, string Before, string After);

    // The file is data for training tools, never HTML: keep quotes and operators in code readable.
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static int Write(IEnumerable<(string Instruction, string Before, string After)> pairs, TextWriter writer, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var (instruction, before, after) in pairs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            writer.Write(JsonSerializer.Serialize(new Line(instruction, before, after), Json));
            writer.Write('\n');
            count++;
        }
        return count;
    }
}
