using System.Text;

namespace CodeImprove.History.Tests;

internal static class Bytes
{
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static Dictionary<string, byte[]?> Edits(params (string Path, string? Text)[] files) =>
        files.ToDictionary(f => f.Path, f => f.Text is null ? null : Utf8(f.Text));
}
