using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace CodeImprove.History.Tests;

/// <summary>A real git repository (or plain folder) in a temporary directory, driven by the git CLI.</summary>
public sealed class GitRepo : IDisposable
{
    private GitRepo(string path) => Path = path;

    public string Path { get; }

    /// <summary>A repository with one commit on 'main' holding <paramref name="files"/>.</summary>
    public static GitRepo WithCommit(params (string Path, string Text)[] files) => WithCommitIn(null, files);

    /// <summary>Like <see cref="WithCommit"/>, in a folder under <paramref name="under"/> (e.g. a small file system).</summary>
    public static GitRepo WithCommitIn(string? under, params (string Path, string Text)[] files)
    {
        var repo = Empty(under);
        repo.Git("init", "-q", "-b", "main");
        foreach (var (path, text) in files)
        {
            repo.Write(path, text);
        }
        repo.Git("add", "-A");
        repo.Git("commit", "-q", "-m", "initial");
        return repo;
    }

    /// <summary>A bare folder (no repository), in <paramref name="under"/> or the temporary folder.</summary>
    public static GitRepo Empty(string? under = null)
    {
        var path = System.IO.Path.Combine(under ?? System.IO.Path.GetTempPath(), "ci-history-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(path);
        return new GitRepo(path);
    }

    public string Full(string relative) => System.IO.Path.Combine(Path, relative);

    public void Write(string relative, string text) => WriteBytes(relative, Encoding.UTF8.GetBytes(text));

    public void WriteBytes(string relative, byte[] bytes)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Full(relative))!);
        File.WriteAllBytes(Full(relative), bytes);
    }

    public byte[] Read(string relative) => File.ReadAllBytes(Full(relative));

    public string Git(params string[] args) => Run(Path, args);

    /// <summary>Raw stdout bytes, e.g. `cat-file blob` without any text decoding.</summary>
    public byte[] GitBytes(params string[] args) => RunBytes(Path, args);

    /// <summary>
    /// git's view of everything a developer could notice: status (with untracked and ignored files), HEAD, refs outside
    /// refs/codeimprove, stash, and the index file's bytes. The product's own state folder (.codeimprove/, which ignores
    /// itself and holds the audit trail) is left out.
    /// </summary>
    public string DeveloperState()
    {
        var head = Git("symbolic-ref", "-q", "HEAD", "--allow-failure").Trim();
        var detached = Git("rev-parse", "-q", "--verify", "HEAD", "--allow-failure").Trim();
        var refs = Git("for-each-ref", "--format=%(refname) %(objectname)", "refs/heads", "refs/tags", "refs/remotes", "refs/stash");
        var index = System.IO.Path.Combine(Git("rev-parse", "--git-dir").Trim() is var gitDir && System.IO.Path.IsPathRooted(gitDir) ? gitDir : Full(gitDir), "index");
        var indexHash = File.Exists(index) ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(index))) : "no index";
        return $"status:\n{Status()}\nHEAD: {head} {detached}\nrefs:\n{refs}\nindex: {indexHash}";
    }

    public string Status() => Status(Path);

    public static string Status(string folder) => Run(folder, "status", "--porcelain=v1", "--ignored", "--untracked-files=all", "--", ".", ":(exclude).codeimprove");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // a temporary folder left behind is harmless
        }
    }

    /// <summary>Runs git with a fixed identity and no user or system config; "--allow-failure" as the last argument returns output of a failing command instead of throwing.</summary>
    public static string Run(string workingDirectory, params string[] args) => Encoding.UTF8.GetString(RunBytes(workingDirectory, args));

    public static byte[] RunBytes(string workingDirectory, params string[] args)
    {
        var allowFailure = args.Length > 0 && args[^1] == "--allow-failure";
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in allowFailure ? args[..^1] : args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        // Keeps 'git status' from refreshing the index, so the index bytes only change if something else writes them.
        start.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["GIT_AUTHOR_NAME"] = start.Environment["GIT_COMMITTER_NAME"] = "Test";
        start.Environment["GIT_AUTHOR_EMAIL"] = start.Environment["GIT_COMMITTER_EMAIL"] = "test@example.com";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var stdout = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(stdout);
        process.WaitForExit();
        if (process.ExitCode != 0 && !allowFailure)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed ({process.ExitCode}): {stderr.Result}");
        }
        return stdout.ToArray();
    }
}
