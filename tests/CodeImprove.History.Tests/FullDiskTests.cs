using System.Diagnostics;

namespace CodeImprove.History.Tests;

/// <summary>A really full disk: a 1 MB tmpfs mounted for the test (needs root and mount rights; skipped otherwise).</summary>
public sealed class FullDiskTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_apply_on_a_full_disk_is_refused_naming_the_lack_of_space_and_leaves_the_file_as_it_was()
    {
        using var disk = SmallDisk.TryMount();
        Assert.SkipWhen(disk is null, "mounting a small tmpfs needs root and mount rights here");
        using var repo = GitRepo.WithCommitIn(disk!.Path, ("a.txt", "1\n"));
        using var store = RollbackPointStore.Open(repo.Path);
        disk.Fill();

        var refused = await Assert.ThrowsAsync<HistoryException>(() => store.ApplyAsync("ep-1", Bytes.Edits(("a.txt", new string('x', 200_000) + "\n")), Ct));

        Assert.Contains("no space left", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("1\n", File.ReadAllText(repo.Full("a.txt")));
    }

    private sealed class SmallDisk : IDisposable
    {
        private SmallDisk(string path) => Path = path;

        public string Path { get; }

        public static SmallDisk? TryMount()
        {
            if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
            {
                return null;
            }
            var path = Directory.CreateTempSubdirectory("ci-fulldisk-").FullName;
            if (Run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", path) != 0)
            {
                Directory.Delete(path);
                return null;
            }
            return new SmallDisk(path);
        }

        /// <summary>Writes a filler file until the file system has no space left.</summary>
        public void Fill()
        {
            using var filler = File.Create(System.IO.Path.Combine(Path, "filler"));
            var block = new byte[4096];
            try
            {
                while (true)
                {
                    filler.Write(block);
                    filler.Flush();
                }
            }
            catch (IOException)
            {
            }
        }

        public void Dispose()
        {
            Run("umount", "-l", Path);
            Directory.Delete(Path, recursive: true);
        }

        private static int Run(string file, params string[] args)
        {
            using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            process.WaitForExit();
            return process.ExitCode;
        }
    }
}
