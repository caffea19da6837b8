using System.Text.Json;

namespace CodeImprove.Memory.Tests;

public sealed class ExportTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Export_writes_accepted_pairs_as_json_lines()
    {
        await using var store = await EpisodeStore.OpenAsync(EpisodeStoreOptions.ForWorkspace(folder.Path));
        await store.AddEpisodeAsync(Episodes.Draft(code: "int A() { return 1; }", instruction: "Use an expression body", decision: EpisodeDecision.Accepted, finalCode: "int A() => 1;"));
        await store.AddEpisodeAsync(Episodes.Draft(code: "void B() {}", decision: EpisodeDecision.Rejected, finalCode: "void B() { }"));
        await store.AddEpisodeAsync(Episodes.Draft(code: "void C() {}", decision: EpisodeDecision.Accepted));
        var pending = (await store.AddEpisodeAsync(Episodes.Draft(code: "string D(string s)\n{\n    return s + \"\\\"\";\n}", instruction: "Quote it \"nicely\"", finalCode: "string D(string s) => $\"{s}\\\"\";")))!.Value;
        await store.SetDecisionAsync(pending, EpisodeDecision.Accepted);

        var output = new StringWriter();
        var count = await store.ExportAcceptedAsync(output);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, count);
        Assert.Equal(2, lines.Length);
        var pairs = lines.Select(line => JsonSerializer.Deserialize<Dictionary<string, string>>(line)!).ToList();
        Assert.Equal(
            [
                new Dictionary<string, string> { ["instruction"] = "Use an expression body", ["before"] = "int A() { return 1; }", ["after"] = "int A() => 1;" },
                new Dictionary<string, string> { ["instruction"] = "Quote it \"nicely\"", ["before"] = "string D(string s)\n{\n    return s + \"\\\"\";\n}", ["after"] = "string D(string s) => $\"{s}\\\"\";" },
            ],
            pairs);
    }
}
