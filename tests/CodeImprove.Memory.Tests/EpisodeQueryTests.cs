namespace CodeImprove.Memory.Tests;

public sealed class EpisodeQueryTests : IAsyncLifetime
{
    private readonly TempFolder folder = new();
    private EpisodeStore store = null!;
    private readonly List<(long Id, EpisodeDraft Draft)> added = [];

    public async ValueTask InitializeAsync()
    {
        store = await EpisodeStore.OpenAsync(EpisodeStoreOptions.ForWorkspace(folder.Path));
        var files = new[] { "src/A.cs", "src/B.cs", "src/C.cs" };
        var strategies = new[] { "simplify", "performance", "naming" };
        var decisions = new[] { EpisodeDecision.Accepted, EpisodeDecision.Rejected, EpisodeDecision.Pending, EpisodeDecision.Failed };
        for (var i = 0; i < 30; i++)
        {
            var draft = Episodes.Draft(
                code: $"int M{i}() => {i};",
                file: files[i % 3],
                strategy: strategies[i / 10],
                decision: decisions[i % 4],
                instruction: i == 7 ? "Use 100% of the cache_size" : $"Improve method {i}");
            added.Add(((await store.AddEpisodeAsync(draft))!.Value, draft));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await store.DisposeAsync();
        folder.Dispose();
    }

    [Fact]
    public async Task Episodes_come_newest_first_in_pages_with_the_total()
    {
        var first = await store.QueryEpisodesAsync(new EpisodeQuery { Limit = 12 });
        var last = await store.QueryEpisodesAsync(new EpisodeQuery { Offset = 24, Limit = 12 });

        var newestFirst = added.Select(a => a.Id).Reverse().ToList();
        Assert.Equal((30, 12), (first.Total, first.Items.Count));
        Assert.Equal(newestFirst.Take(12), first.Items.Select(e => e.Id));
        Assert.Equal(newestFirst.Skip(24), last.Items.Select(e => e.Id));
    }

    [Fact]
    public async Task Filters_combine()
    {
        var query = new EpisodeQuery { File = "src/B.cs", Strategy = "performance", Decision = EpisodeDecision.Accepted, Limit = 100 };

        var page = await store.QueryEpisodesAsync(query);

        var expected = added
            .Where(a => a.Draft.File == query.File && a.Draft.Strategy == query.Strategy && a.Draft.Decision == query.Decision)
            .Select(a => a.Id).Reverse().ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, page.Items.Select(e => e.Id));
        Assert.Equal(expected.Count, page.Total);
        Assert.All(page.Items, e => Assert.Equal(("src/B.cs", "performance", EpisodeDecision.Accepted), (e.File, e.Strategy, e.Decision)));
    }

    [Fact]
    public async Task Text_matches_substrings_of_code_and_instruction_literally()
    {
        Assert.Equal([added[7].Id], (await store.QueryEpisodesAsync(new EpisodeQuery { Text = "100%" })).Items.Select(e => e.Id));
        Assert.Equal([added[7].Id], (await store.QueryEpisodesAsync(new EpisodeQuery { Text = "CACHE_size" })).Items.Select(e => e.Id));
        Assert.Equal([added[13].Id], (await store.QueryEpisodesAsync(new EpisodeQuery { Text = "M13()" })).Items.Select(e => e.Id));
        // '_' and '%' are literal characters, not LIKE wildcards.
        Assert.Empty((await store.QueryEpisodesAsync(new EpisodeQuery { Text = "M_3" })).Items);
    }

    [Fact]
    public async Task Summaries_count_candidates()
    {
        var id = added[0].Id;
        await store.AddCandidateAsync(id, new CandidateDraft { Cycle = 1, Code = "a", Fingerprint = "f1" });
        await store.AddCandidateAsync(id, new CandidateDraft { Cycle = 2, Code = "b", Fingerprint = "f2" });

        var page = await store.QueryEpisodesAsync(new EpisodeQuery { Offset = 29, Limit = 1 });

        Assert.Equal((id, 2), (page.Items[0].Id, page.Items[0].CandidateCount));
    }

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(0, 0)]
    [InlineData(0, EpisodeQuery.MaxLimit + 1)]
    public async Task Bad_paging_is_refused(int offset, int limit)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.QueryEpisodesAsync(new EpisodeQuery { Offset = offset, Limit = limit }));
    }
}
