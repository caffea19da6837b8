using CodeImprove.Memory.Embeddings;

namespace CodeImprove.Memory.Tests;

public sealed class EmbedderTests
{
    private readonly HashingCodeEmbedder embedder = new();

    [Fact]
    public void Tokenizer_splits_identifiers_on_case_underscores_and_digits()
    {
        Assert.Equal(
            ["parse", "http", "response", "v", "2", "user", "id", "xml", "reader"],
            CodeImprove.Memory.Embeddings.CodeTokenizer.Tokenize("parseHTTPResponse_v2(user_id, XMLReader);"));
    }

    [Fact]
    public void Naming_conventions_do_not_change_the_embedding()
    {
        var pascal = embedder.Embed("var total = GetUserName(userId);");
        var snake = embedder.Embed("var TOTAL = get_user_name(USER_ID);");

        Assert.Equal(pascal, snake);
    }

    [Fact]
    public void Embedding_has_the_dimension_and_unit_length()
    {
        var vector = embedder.Embed(Episodes.Corpus[0]);

        Assert.Equal(HashingCodeEmbedder.DefaultDimension, vector.Length);
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(x => (double)x * x)), 5);
        Assert.All(embedder.Embed("  \n\t "), x => Assert.Equal(0f, x)); // no token at all: the zero vector
    }

    [Fact]
    public void A_near_duplicate_is_closer_than_any_unrelated_method()
    {
        var original = embedder.Embed(Episodes.Corpus[2]);
        var edited = embedder.Embed(Episodes.Corpus[2].Replace("total = total +", "total +=", StringComparison.Ordinal));

        var nearDuplicate = Cosine(original, edited);
        var unrelated = Episodes.Corpus.Where((_, i) => i != 2).Max(code => Cosine(original, embedder.Embed(code)));

        Assert.True(nearDuplicate > 0.9, $"near-duplicate similarity {nearDuplicate}");
        Assert.True(nearDuplicate > unrelated + 0.3, $"near-duplicate {nearDuplicate} vs best unrelated {unrelated}");
    }

    [Fact]
    public async Task Embedding_is_the_same_in_another_process()
    {
        var code = Episodes.Corpus[4];
        var output = await ChildProcess.RunAsync(ChildProcess.Embed, code);

        var fromChild = output.Trim().Split(' ').Select(x => float.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        Assert.Equal(embedder.Embed(code), fromChild);
    }

    private static double Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();
}
