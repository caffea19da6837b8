using CodeImprove.Engine.Configuration;
using CodeImprove.Engine.Sessions;
using CodeImprove.Memory;
using CodeImprove.Tests;

namespace CodeImprove.Engine.Tests;

/// <summary>
/// model.embeddingModelPath through the real llama.cpp runtime: stories260K (a story model, mean-pooled here) stands in for
/// an embedding GGUF; a vocab-only GGUF, which cannot be loaded, falls back to the built-in embedder with a warning.
/// </summary>
public sealed class EmbeddingModelTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("ci-embedding-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_configured_gguf_embeds_the_episodes_and_finds_them()
    {
        var path = TestPaths.RequireShared("models/stories260K.gguf");
        var warnings = new List<string>();
        await using var session = Session(path, warnings);

        var memory = await session.MemoryAsync();
        var id = await memory.AddEpisodeAsync(Draft("public static int Twice(int x) { return x + x; }"), Ct);
        await memory.AddEpisodeAsync(Draft("public void Log(string message) { Console.WriteLine(message); }"), Ct);
        var similar = await memory.FindSimilarAsync(new SimilarityQuery { Code = "public static int Twice(int x) { return x + x; }", K = 2, Decision = null }, Ct);

        Assert.Empty(warnings);
        Assert.StartsWith("gguf:stories260K.gguf:", memory.Embedder.Id, StringComparison.Ordinal);
        Assert.Equal(id, similar[0].Id);
        Assert.Equal(1.0, similar[0].Similarity, 3);
    }

    [Fact]
    public async Task A_gguf_that_cannot_embed_leaves_the_built_in_embedder_and_says_which_setting()
    {
        var path = TestPaths.RequireShared("models/vocab/ggml-vocab-llama-spm.gguf");
        var warnings = new List<string>();
        await using var session = Session(path, warnings);

        var memory = await session.MemoryAsync();

        Assert.StartsWith("hashing-", memory.Embedder.Id, StringComparison.Ordinal);
        var warning = Assert.Single(warnings);
        Assert.Contains("codeImprove.model.embeddingModelPath", warning);
        Assert.Contains("ggml-vocab-llama-spm.gguf", warning);
    }

    private WorkspaceSession Session(string embeddingModel, List<string> warnings)
    {
        var options = OptionsLoader.Bind(OptionsLoader.LoadFileLayers(null).Merged);
        options = options with { Model = options.Model with { EmbeddingModelPath = embeddingModel } };
        return new WorkspaceSession(folder, options, new SessionContext { Models = new ModelSlot(), Warn = warnings.Add });
    }

    private EpisodeDraft Draft(string code) => new()
    {
        Workspace = folder, File = "A.cs", Span = default, Instruction = "", Strategy = "readability", OriginalCode = code, Decision = EpisodeDecision.Accepted,
    };
}
