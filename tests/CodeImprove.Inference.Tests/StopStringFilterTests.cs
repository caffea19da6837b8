namespace CodeImprove.Inference.Tests;

public sealed class StopStringFilterTests
{
    private static string Run(IReadOnlyList<string> stops, params string[] chunks)
    {
        var filter = new StopStringFilter(stops);
        var output = string.Concat(chunks.Select(filter.Push));
        return output + filter.Flush();
    }

    [Fact]
    public void A_stop_string_split_across_chunks_is_caught()
    {
        Assert.Equal("int x = 1;\n", Run(["```"], "int x = 1;\n`", "`", "`\nmore"));
    }

    [Fact]
    public void Held_back_text_is_released_when_it_turns_out_not_to_be_a_stop_string()
    {
        var filter = new StopStringFilter(["</code>"]);

        Assert.Equal("a ", filter.Push("a </co"));
        Assert.Equal("</cow", filter.Push("w"));
        Assert.Equal("", filter.Flush());
    }

    [Fact]
    public void The_earliest_of_several_stop_strings_wins()
    {
        Assert.Equal("one ", Run(["three", "two"], "one two three"));
    }

    [Fact]
    public void Without_stop_strings_everything_passes_through()
    {
        Assert.Equal("abc", Run([], "a", "b", "c"));
        Assert.Equal("abc", Run([""], "abc"));
    }

    [Fact]
    public void Nothing_passes_after_a_stop()
    {
        var filter = new StopStringFilter(["x"]);

        Assert.Equal("a", filter.Push("axb"));
        Assert.True(filter.Stopped);
        Assert.Equal("", filter.Push("c"));
        Assert.Equal("", filter.Flush());
    }
}
