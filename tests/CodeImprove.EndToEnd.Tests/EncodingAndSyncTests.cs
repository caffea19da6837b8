using System.Text;
using System.Text.Json.Nodes;

namespace CodeImprove.EndToEnd.Tests;

/// <summary>
/// Files as .NET repositories have them (UTF-8 with BOM and CRLF, UTF-16, a stray Latin-1 byte) survive accept and
/// strict rollback byte for byte, through the editor and on disk; a text sync change the server cannot apply makes it
/// refuse to improve the document until it is reopened. The test plays the editor: it applies the server's edits,
/// saves with the file's encoding and sends didSave, as VS Code does.
/// </summary>
public sealed class EncodingAndSyncTests : IDisposable
{
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(120);
    private static readonly Encoding Utf8Bom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
    private static readonly Encoding Utf16Le = new UnicodeEncoding(bigEndian: false, byteOrderMark: true);
    private readonly SampleProject project = SampleProject.Create();

    public void Dispose() => project.Dispose();

    public static TheoryData<string> Encodings => ["utf-8-bom-crlf", "utf-16le-crlf"];

    private static Encoding EncodingOf(string name) => name.StartsWith("utf-16", StringComparison.Ordinal) ? Utf16Le : Utf8Bom;

    private static byte[] Save(Encoding encoding, string text) => [.. encoding.GetPreamble(), .. encoding.GetBytes(text)];

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task An_open_file_keeps_its_encoding_and_line_endings_through_accept_save_and_strict_rollback(string name)
    {
        var encoding = EncodingOf(name);
        var text = SampleProject.Code.ReplaceLineEndings("\r\n");
        var original = Save(encoding, text);
        File.WriteAllBytes(project.SamplePath, original);
        await using var server = ServerProcess.Start();
        await server.InitializeAsync(rootUri: project.RootUri);
        await server.NotifyAsync("textDocument/didOpen", project.OpenParams(text));

        var proposal = (await server.RequestAsync("workspace/executeCommand", project.ImproveParams(), timeout: Slow)).Result()["proposal"]!;
        Assert.DoesNotContain("\n", proposal["hunks"]![0]!["newText"]!.GetValue<string>().Replace("\r\n", "", StringComparison.Ordinal));
        var acceptId = server.NewId();
        await server.SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = acceptId, ["method"] = "codeImprove/accept", ["params"] = new JsonObject { ["proposal"] = proposal["id"]!.GetValue<string>() } });
        var applyEdit = await server.AnswerAsync("workspace/applyEdit", new JsonObject { ["applied"] = true });
        var edited = SampleProject.ApplyEdits(text, applyEdit["params"]!["edit"]!["changes"]![project.SampleUri]!.AsArray());
        Assert.Equal(text.Replace("count = count + 1;", "count++;", StringComparison.Ordinal), edited);
        await server.NotifyAsync("textDocument/didChange", project.ChangeParams(edited, 2));
        var point = (await server.ResponseAsync(acceptId)).Result()["rollbackPoint"]!.GetValue<string>();
        File.WriteAllBytes(project.SamplePath, Save(encoding, edited));
        await server.NotifyAsync("textDocument/didSave", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = project.SampleUri } });

        var rollbackId = server.NewId();
        await server.SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = rollbackId, ["method"] = "codeImprove/rollback", ["params"] = new JsonObject { ["target"] = point } });
        var restore = await server.AnswerAsync("workspace/applyEdit", new JsonObject { ["applied"] = true });
        var restored = SampleProject.ApplyEdits(edited, restore["params"]!["edit"]!["changes"]![project.SampleUri]!.AsArray());
        await server.NotifyAsync("textDocument/didChange", project.ChangeParams(restored, 3));
        var rollback = await server.ResponseAsync(rollbackId);
        Assert.True(rollback.ContainsKey("result"), rollback.ToJsonString());
        File.WriteAllBytes(project.SamplePath, Save(encoding, restored));
        Assert.Equal(original, File.ReadAllBytes(project.SamplePath));
    }

    [Fact]
    public async Task A_closed_file_keeps_its_bom_crlf_and_a_latin1_byte_outside_the_hunk_through_accept_and_rollback()
    {
        // A comment written by an editor in Latin-1: 0xE9 is not UTF-8, so the file reads with U+FFFD there.
        var text = SampleProject.Code.ReplaceLineEndings("\r\n").Replace("public static class Orders", "// caf\u00E9\r\npublic static class Orders", StringComparison.Ordinal);
        var original = Save(Utf8Bom, text).SelectMany(b => b == 0xC3 ? Array.Empty<byte>() : b == 0xA9 ? [(byte)0xE9] : new[] { b }).ToArray();
        Assert.Contains((byte)0xE9, original);
        File.WriteAllBytes(project.SamplePath, original);
        await using var server = ServerProcess.Start();
        await server.InitializeAsync(rootUri: project.RootUri);
        var proposal = (await server.RequestAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = "codeImprove.improve",
            ["arguments"] = new JsonArray(new JsonObject { ["uri"] = project.SampleUri, ["range"] = SampleProject.Range(SampleProject.IncrementLine + 1, 16, SampleProject.IncrementLine + 1, 16) }),
        }, timeout: Slow)).Result()["proposal"]!;

        var accepted = (await server.RequestAsync("codeImprove/accept", new JsonObject { ["proposal"] = proposal["id"]!.GetValue<string>() })).Result();
        var after = File.ReadAllBytes(project.SamplePath);
        var expected = Replace(original, Encoding.ASCII.GetBytes("count = count + 1;"), Encoding.ASCII.GetBytes("count++;"));
        Assert.Equal(expected, after); // BOM, CRLF and the 0xE9 byte as they were; only the hunk changed

        var rollback = await server.RequestAsync("codeImprove/rollback", new JsonObject { ["target"] = accepted["rollbackPoint"]!.GetValue<string>() });
        Assert.True(rollback.ContainsKey("result"), rollback.ToJsonString());
        Assert.Equal(original, File.ReadAllBytes(project.SamplePath));
    }

    [Fact]
    public async Task A_change_the_server_cannot_apply_marks_the_document_and_improve_is_refused_until_it_is_reopened()
    {
        await using var server = ServerProcess.Start();
        await server.InitializeAsync(rootUri: project.RootUri);
        await server.NotifyAsync("textDocument/didOpen", project.OpenParams(SampleProject.Code, version: 3));
        // Version 2 after 3: the editor and the server no longer agree on the text.
        await server.NotifyAsync("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = project.SampleUri, ["version"] = 2 },
            ["contentChanges"] = new JsonArray(new JsonObject { ["range"] = SampleProject.Range(0, 0, 0, 0), ["text"] = "// typed\n" }),
        });
        var warning = await server.NotificationAsync("window/showMessage", p => p["message"]!.GetValue<string>().Contains("close the file and open it again", StringComparison.Ordinal));
        Assert.Equal(2, warning["params"]!["type"]!.GetValue<int>());

        var refused = await server.RequestAsync("workspace/executeCommand", project.ImproveParams(), timeout: Slow);
        Assert.Equal(-32803, refused.ErrorCode());
        Assert.Contains("close the file and open it again", refused["error"]!["message"]!.GetValue<string>());

        await server.NotifyAsync("textDocument/didClose", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = project.SampleUri } });
        await server.NotifyAsync("textDocument/didOpen", project.OpenParams(SampleProject.Code, version: 4));
        var improved = (await server.RequestAsync("workspace/executeCommand", project.ImproveParams(), timeout: Slow)).Result();
        Assert.True(improved["proposal"] is JsonObject, improved.ToJsonString());
    }

    private static byte[] Replace(byte[] bytes, byte[] find, byte[] with)
    {
        var at = bytes.AsSpan().IndexOf(find);
        Assert.True(at >= 0);
        return [.. bytes[..at], .. with, .. bytes[(at + find.Length)..]];
    }
}
