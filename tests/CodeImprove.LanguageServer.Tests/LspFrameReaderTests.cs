using System.IO.Pipelines;
using System.Text;
using CodeImprove.LanguageServer.Hosting;

namespace CodeImprove.LanguageServer.Tests;

public sealed class LspFrameReaderTests
{
    private static async Task<(List<string> Passed, List<RejectedFrame> Rejected, List<string> Log)> RunAsync(string input, int maxBytes = 1024, HashSet<long>? awaited = null)
    {
        var pipe = new Pipe();
        var rejected = new List<RejectedFrame>();
        var log = new List<string>();
        var reader = new LspFrameReader(new MemoryStream(Encoding.UTF8.GetBytes(input)), pipe.Writer, maxBytes, rejected.Add, log.Add,
            id => id.TryGetInt64(out var n) && awaited is not null && awaited.Remove(n));
        await reader.RunAsync(default);
        var output = Encoding.UTF8.GetString((await pipe.Reader.ReadAsync()).Buffer);
        var passed = output.Split("Content-Length: ", StringSplitOptions.RemoveEmptyEntries).Select(f => f[(f.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]).ToList();
        return (passed, rejected, log);
    }

    private static string Frame(string body) => $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";

    private const string Ping = """{"jsonrpc":"2.0","id":1,"method":"ping"}""";

    [Fact]
    public async Task Valid_frames_pass_through_unchanged_with_any_header_case_and_extra_headers()
    {
        var other = """{"jsonrpc":"2.0","method":"n","params":{"s":"é😀"}}""";
        var input = Frame(Ping) + $"content-length: {Encoding.UTF8.GetByteCount(other)}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{other}";
        var (passed, rejected, _) = await RunAsync(input);
        Assert.Equal([Ping, other], passed);
        Assert.Empty(rejected);
    }

    [Fact]
    public async Task Structurally_invalid_messages_are_rejected_with_the_id_when_known()
    {
        var (passed, rejected, _) = await RunAsync(Frame("[1,2]") + Frame("""{"id":3}""") + Frame("""{"id":{"x":1},"method":"m"}""") + Frame(Ping));
        Assert.Equal([Ping], passed);
        Assert.Equal([-32600, -32600, -32600], rejected.Select(r => r.ErrorCode));
        Assert.Equal(3, rejected[1].Id!.Value.GetInt32());
        Assert.Equal("m", rejected[2].Method);
    }

    [Fact]
    public async Task Oversized_bodies_are_skipped_and_answered_by_the_id_found_near_the_start()
    {
        var big = """{"jsonrpc":"2.0","id":"big","method":"m","params":{"x":" """ + new string('a', 5000) + "\"}}";
        var (passed, rejected, _) = await RunAsync(Frame(big) + Frame(Ping));
        Assert.Equal([Ping], passed);
        Assert.Equal("big", Assert.Single(rejected).Id!.Value.GetString());
    }

    [Fact]
    public async Task Garbage_between_frames_is_skipped_to_the_next_header()
    {
        var (passed, _, log) = await RunAsync("\"}} tail of a frame whose length was too short" + Frame(Ping));
        Assert.Equal([Ping], passed);
        Assert.Contains(log, l => l.Contains("Skipped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_the_header_named_content_length_counts()
    {
        var input = $"Content-Length: {Encoding.UTF8.GetByteCount(Ping)}\r\nX-Content-Length: 5\r\n\r\n{Ping}" + Frame(Ping);
        var (passed, rejected, _) = await RunAsync(input);
        Assert.Equal([Ping, Ping], passed);
        Assert.Empty(rejected);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("1.0")]
    [InlineData("1e3")]
    [InlineData("18446744073709551616")]
    [InlineData("true")]
    public async Task An_id_that_is_neither_a_string_nor_an_integer_is_an_invalid_request_answered_with_id_null(string id)
    {
        var (passed, rejected, _) = await RunAsync(Frame($$"""{"jsonrpc":"2.0","id":{{id}},"method":"m"}""") + Frame(Ping));
        Assert.Equal([Ping], passed);
        var refused = Assert.Single(rejected);
        Assert.Equal((-32600, null), (refused.ErrorCode, refused.Id));
    }

    [Fact]
    public async Task Params_that_are_neither_object_nor_array_are_invalid_params()
    {
        var (passed, rejected, _) = await RunAsync(Frame("""{"jsonrpc":"2.0","id":4,"method":"m","params":"abc"}""") + Frame("""{"jsonrpc":"2.0","method":"n","params":5}""") + Frame(Ping));
        Assert.Equal([Ping], passed);
        Assert.Equal([(-32602, "m"), (-32602, "n")], rejected.Select(r => (r.ErrorCode, r.Method!)));
        Assert.Equal(4, rejected[0].Id!.Value.GetInt32());
    }

    [Fact]
    public async Task A_response_passes_once_for_a_request_the_server_sent_and_is_dropped_otherwise()
    {
        var answer = """{"jsonrpc":"2.0","id":7,"result":{"x":1}}""";
        var error = """{"jsonrpc":"2.0","id":987654,"error":{"code":1,"message":"m"}}""";
        var (passed, rejected, log) = await RunAsync(Frame(answer) + Frame(answer) + Frame(error) + Frame(Ping), awaited: [7]);
        Assert.Equal([answer, Ping], passed);
        Assert.Empty(rejected);
        Assert.Equal(2, log.Count(l => l.StartsWith("Dropped a response", StringComparison.Ordinal)));
    }
}
