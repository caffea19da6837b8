using System.Text;
using CodeImprove.Engine.Configuration;
using CodeImprove.Engine.Sessions;
using CodeImprove.History;
using CodeImprove.Memory;

namespace CodeImprove.Engine.Tests;

/// <summary>
/// A crash left applies unfinished in a real rollback store (a private git repository) beside a real episode store: the
/// session that opens the history next makes the episodes say what happened.
/// </summary>
public sealed class InterruptedApplyTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("ci-interrupted-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Interrupted_applies_are_completed_or_cancelled_by_what_reached_the_disk_and_a_partial_one_is_left_to_the_user()
    {
        File.WriteAllText(Path.Combine(folder, "A.cs"), "a0\n");
        File.WriteAllText(Path.Combine(folder, "B.cs"), "b0\n");
        File.WriteAllText(Path.Combine(folder, "C.cs"), "c0\n");
        File.WriteAllText(Path.Combine(folder, "D.cs"), "d0\n");
        File.WriteAllText(Path.Combine(folder, "E.cs"), "e0\n");
        long written, untouched, partial, recorded;
        await using (var memory = await EpisodeStore.OpenAsync(EpisodeStoreOptions.ForWorkspace(folder), Ct))
        {
            written = (await memory.AddEpisodeAsync(Draft("A.cs"), Ct))!.Value;
            untouched = (await memory.AddEpisodeAsync(Draft("B.cs"), Ct))!.Value;
            partial = (await memory.AddEpisodeAsync(Draft("C.cs"), Ct))!.Value;
            recorded = (await memory.AddEpisodeAsync(Draft("E.cs"), Ct))!.Value;
        }
        string partialPoint;
        using (var history = RollbackPointStore.Open(folder))
        {
            // The crash came after A.cs was written, before B.cs was, and between C.cs and D.cs of the third apply.
            await history.BeginApplyAsync(Id(written), Edits(("A.cs", "a0\n")), Edits(("A.cs", "a1\n")), Ct);
            File.WriteAllText(Path.Combine(folder, "A.cs"), "a1\n");
            await history.BeginApplyAsync(Id(untouched), Edits(("B.cs", "b0\n")), Edits(("B.cs", "b1\n")), Ct);
            partialPoint = await history.BeginApplyAsync(Id(partial), Edits(("C.cs", "c0\n"), ("D.cs", "d0\n")), Edits(("C.cs", "c1\n"), ("D.cs", "d1\n")), Ct);
            File.WriteAllText(Path.Combine(folder, "C.cs"), "c1\n");
            // And one apply completed, but the episode's decision was never written.
            await history.ApplyAsync(Id(recorded), Edits(("E.cs", "e1\n")), Ct);
        }
        var warnings = new List<string>();
        var options = OptionsLoader.Bind(OptionsLoader.LoadFileLayers(null).Merged);
        await using var session = new WorkspaceSession(folder, options, new SessionContext { Models = new ModelSlot(), Warn = warnings.Add });

        var (points, incomplete) = await session.ListHistoryAsync(Ct);

        Assert.Equal([partialPoint], incomplete.Select(p => p.Id));
        var warning = Assert.Single(warnings);
        Assert.Contains("C.cs (written)", warning);
        Assert.Contains("D.cs (not written)", warning);
        Assert.Contains($"codeimprove rollback {partialPoint}", warning);
        Assert.Equal(EpisodeDecision.Accepted, (await session.GetEpisodeAsync(written, Ct)).Decision);
        Assert.Equal(EpisodeDecision.Cancelled, (await session.GetEpisodeAsync(untouched, Ct)).Decision);
        Assert.Equal(EpisodeDecision.Pending, (await session.GetEpisodeAsync(partial, Ct)).Decision);
        Assert.Equal(EpisodeDecision.Accepted, (await session.GetEpisodeAsync(recorded, Ct)).Decision);
        Assert.Contains(points, p => p.EpisodeId == Id(written));
        Assert.Equal("a1\n", File.ReadAllText(Path.Combine(folder, "A.cs")));
        Assert.Equal("b0\n", File.ReadAllText(Path.Combine(folder, "B.cs")));
    }

    [Theory]
    [InlineData(WorkspaceSession.UndoInterrupted, "c0\n", EpisodeDecision.Cancelled)]
    [InlineData(WorkspaceSession.KeepInterrupted, "c1\n", EpisodeDecision.Accepted)]
    [InlineData(null, "c1\n", EpisodeDecision.Pending)] // the user dismissed the question: nothing changes
    public async Task In_the_editor_the_user_is_asked_to_undo_or_keep_a_partial_apply(string? answer, string expectedC, EpisodeDecision expectedDecision)
    {
        File.WriteAllText(Path.Combine(folder, "C.cs"), "c0\n");
        File.WriteAllText(Path.Combine(folder, "D.cs"), "d0\n");
        long partial;
        await using (var memory = await EpisodeStore.OpenAsync(EpisodeStoreOptions.ForWorkspace(folder), Ct))
        {
            partial = (await memory.AddEpisodeAsync(Draft("C.cs"), Ct))!.Value;
        }
        using (var history = RollbackPointStore.Open(folder))
        {
            await history.BeginApplyAsync(Id(partial), Edits(("C.cs", "c0\n"), ("D.cs", "d0\n")), Edits(("C.cs", "c1\n"), ("D.cs", "d1\n")), Ct);
            File.WriteAllText(Path.Combine(folder, "C.cs"), "c1\n");
        }
        var questions = new List<(string Message, IReadOnlyList<string> Answers)>();
        var options = OptionsLoader.Bind(OptionsLoader.LoadFileLayers(null).Merged);
        await using var session = new WorkspaceSession(folder, options, new SessionContext
        {
            Models = new ModelSlot(),
            Ask = (message, answers) =>
            {
                questions.Add((message, answers));
                return Task.FromResult(answer);
            },
        });

        await session.ListHistoryAsync(Ct);
        await session.FinishingInterrupted.WaitAsync(TimeSpan.FromSeconds(60), Ct);

        var (message, answers) = Assert.Single(questions);
        Assert.Contains("C.cs (written), D.cs (not written)", message);
        Assert.Equal([WorkspaceSession.UndoInterrupted, WorkspaceSession.KeepInterrupted], answers);
        Assert.Equal(expectedC, File.ReadAllText(Path.Combine(folder, "C.cs")));
        Assert.Equal("d0\n", File.ReadAllText(Path.Combine(folder, "D.cs")));
        Assert.Equal(expectedDecision, (await session.GetEpisodeAsync(partial, Ct)).Decision);
        var (_, incomplete) = await session.ListHistoryAsync(Ct);
        Assert.Equal(answer is null ? 1 : 0, incomplete.Count);
        var audit = await (await session.HistoryAsync()).ReadAuditAsync(verify: true, Ct);
        Assert.Empty(audit.Problems);
    }

    private static string Id(long episode) => episode.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Dictionary<string, byte[]?> Edits(params (string Path, string Text)[] files) =>
        files.ToDictionary(f => f.Path, f => (byte[]?)Encoding.UTF8.GetBytes(f.Text));

    private EpisodeDraft Draft(string file) => new()
    {
        Workspace = folder,
        File = file,
        Span = new SourceSpan(0, 0, 1, 0),
        Instruction = "Improve",
        Strategy = "simplify",
        OriginalCode = "x",
    };
}
