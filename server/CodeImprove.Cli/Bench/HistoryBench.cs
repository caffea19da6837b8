using System.CommandLine;
using System.Diagnostics;
using System.Text;
using CodeImprove.History;

namespace CodeImprove.Cli.Bench;

/// <summary>
/// `codeimprove bench history`: in a temporary git repository with many committed files and an existing timeline,
/// the time to record a rollback point for a multi-file edit (editor path: begin + complete), to apply one on disk
/// (record + write + complete), and to roll it back (plan + record + write + complete).
/// </summary>
internal static class HistoryBench
{
    public static Command Create()
    {
        var files = new Option<int>("--files") { Description = "Files committed in the repository.", DefaultValueFactory = _ => 10_000 };
        var editFiles = new Option<int>("--edit-files") { Description = "Files each edit touches.", DefaultValueFactory = _ => 10 };
        var runs = new Option<int>("--runs") { Description = "Measured runs of each operation.", DefaultValueFactory = _ => 21 };
        var existing = new Option<int>("--existing-points") { Description = "Points recorded before measuring (the default prune limit is 500).", DefaultValueFactory = _ => 500 };
        var command = new Command("history", "Rollback point record and rollback times for a multi-file edit in a large repository.") { files, editFiles, runs, existing };
        CliAction.Set(command, (parse, ct) => RunAsync(parse.GetValue(files), parse.GetValue(editFiles), parse.GetValue(runs), parse.GetValue(existing), ct));
        return command;
    }

    private static async Task<int> RunAsync(int fileCount, int editFiles, int runs, int existingPoints, CancellationToken cancellationToken)
    {
        if (editFiles < 1 || editFiles > fileCount || runs < 1 || existingPoints < 0)
        {
            throw new CliException("need 1 <= --edit-files <= --files, --runs >= 1 and --existing-points >= 0.");
        }
        var root = Directory.CreateTempSubdirectory("codeimprove-bench-history-").FullName;
        try
        {
            var setup = Stopwatch.StartNew();
            var paths = CreateRepository(root, fileCount);
            var setupTime = setup.Elapsed;

            var open = Stopwatch.StartNew();
            using var store = RollbackPointStore.Open(root);
            var openEmpty = open.Elapsed;

            var filler = Stopwatch.StartNew();
            for (var i = 0; i < existingPoints; i++)
            {
                await store.ApplyAsync($"filler-{i}", new Dictionary<string, byte[]?> { [paths[i % paths.Count]] = Edited(root, paths[i % paths.Count], i) }, cancellationToken);
            }
            var fillerTime = filler.Elapsed;

            var begin = new List<double>();
            var complete = new List<double>();
            var apply = new List<double>();
            var rollback = new List<double>();
            var clock = new Stopwatch();
            for (var run = 0; run < runs; run++)
            {
                var targets = Enumerable.Range(0, editFiles).Select(i => paths[(run * editFiles + i * 997) % paths.Count]).ToList();

                // Editor path: before-bytes come from buffers (here: disk), the editor writes, the store completes.
                var before = targets.ToDictionary(t => t, t => (byte[]?)File.ReadAllBytes(Path.Combine(root, t)));
                var after = targets.ToDictionary(t => t, t => (byte[]?)Edited(root, t, run));
                clock.Restart();
                var pointId = await store.BeginApplyAsync($"bench-editor-{run}", before, after, cancellationToken);
                begin.Add(clock.Elapsed.TotalMilliseconds);
                foreach (var (path, bytes) in after)
                {
                    await File.WriteAllBytesAsync(Path.Combine(root, path), bytes!, cancellationToken);
                }
                clock.Restart();
                await store.CompleteApplyAsync(pointId, after, cancellationToken);
                complete.Add(clock.Elapsed.TotalMilliseconds);

                // Disk path, then its rollback.
                var edits = targets.ToDictionary(t => t, t => (byte[]?)Edited(root, t, run + 1));
                clock.Restart();
                await store.ApplyAsync($"bench-{run}", edits, cancellationToken);
                apply.Add(clock.Elapsed.TotalMilliseconds);
                clock.Restart();
                await store.RollbackAsync($"bench-{run}", RollbackMode.Strict, cancellationToken);
                rollback.Add(clock.Elapsed.TotalMilliseconds);
            }

            clock.Restart();
            var points = await store.ListAsync(cancellationToken);
            var listTime = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            RollbackPointStore.Open(root).Dispose();
            var reopen = clock.Elapsed.TotalMilliseconds;

            Console.WriteLine($"history bench: git repository with {fileCount:N0} committed files, {editFiles}-file edits, {runs} runs, " +
                $"{existingPoints} points recorded first ({Environment.ProcessorCount} cores)");
            Console.WriteLine($"  setup (write files, git add, git commit) {setupTime.TotalSeconds:F1} s; open empty history {openEmpty.TotalMilliseconds:F1} ms; " +
                $"{existingPoints} one-file applies {fillerTime.TotalSeconds:F2} s");
            Console.WriteLine($"  record point, editor path (begin: before + intended after)   {Summary(begin)}");
            Console.WriteLine($"  complete point, editor path (after commit)                   {Summary(complete)}");
            Console.WriteLine($"  apply on disk (read, record, write {editFiles} files, complete)   {Summary(apply)}");
            Console.WriteLine($"  rollback (plan, record, write {editFiles} files, complete)       {Summary(rollback)}");
            Console.WriteLine($"  list {points.Count} points {listTime:F1} ms; reopen with incomplete check {reopen:F1} ms");
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Summary(List<double> milliseconds)
    {
        milliseconds.Sort();
        return $"median {milliseconds[milliseconds.Count / 2],7:F2} ms   min {milliseconds[0],7:F2} ms   max {milliseconds[^1],7:F2} ms";
    }

    /// <summary>The file with one line changed (a different change per <paramref name="seed"/>).</summary>
    private static byte[] Edited(string root, string path, int seed)
    {
        var text = File.ReadAllText(Path.Combine(root, path));
        var firstLine = text.IndexOf('\n');
        return Encoding.UTF8.GetBytes($"// edit {seed}{text[firstLine..]}");
    }

    /// <summary>Writes <paramref name="count"/> C# files in 100-file folders and commits them with the git CLI.</summary>
    private static List<string> CreateRepository(string root, int count)
    {
        var paths = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var path = $"src/Module{i / 100:D3}/Type{i:D5}.cs";
            Directory.CreateDirectory(Path.Combine(root, Path.GetDirectoryName(path)!));
            var body = new StringBuilder($"// file {i}\nnamespace Bench.Module{i / 100};\n\npublic sealed class Type{i}\n{{\n");
            for (var m = 0; m < 20; m++)
            {
                body.Append($"    public int Method{m}(int x) => x * {m + i} + {m};\n");
            }
            File.WriteAllText(Path.Combine(root, path), body.Append("}\n").ToString());
            paths.Add(path);
        }
        Git(root, "init", "-q", "-b", "main");
        Git(root, "add", "-A");
        Git(root, "-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "-q", "-m", "bench files");
        return paths;
    }

    private static void Git(string root, params string[] args)
    {
        Process git;
        try
        {
            git = Process.Start(new ProcessStartInfo("git", args) { WorkingDirectory = root, RedirectStandardError = true })!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new CliException($"the history bench needs the git CLI on PATH: {e.Message}");
        }
        using (git)
        {
            var error = git.StandardError.ReadToEnd();
            git.WaitForExit();
            if (git.ExitCode != 0)
            {
                throw new CliException($"git {string.Join(' ', args)} failed: {error.Trim()}");
            }
        }
    }
}
