using System.Diagnostics;

namespace CodeImprove.Memory.Tests;

/// <summary>A fresh folder under the system temp directory, removed (read-only or not) at the end of the test.</summary>
internal sealed class TempFolder : IDisposable
{
    private bool readOnly;

    public TempFolder()
    {
        Path = Directory.CreateTempSubdirectory("codeimprove-memory-").FullName;
    }

    public string Path { get; }

    public string DatabasePath => System.IO.Path.Combine(Path, EpisodeStoreOptions.StateFolderName, EpisodeStoreOptions.DefaultFileName);

    /// <summary>
    /// Makes <paramref name="folder"/> unwritable. Root ignores permission bits, so as root the folder is
    /// also marked immutable (chattr +i), which stops root too.
    /// </summary>
    public void MakeReadOnly(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("making a folder read-only is done with Unix permissions here");
        }
        else
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        }
        if (Environment.IsPrivilegedProcess)
        {
            RunChattr("+i", folder);
        }
        readOnly = true;
        var probe = System.IO.Path.Combine(folder, "probe");
        try
        {
            File.WriteAllText(probe, "");
        }
        catch (UnauthorizedAccessException)
        {
            return;
        }
        catch (IOException)
        {
            return;
        }
        File.Delete(probe);
        Assert.Skip($"could not make {folder} read-only on this machine");
    }

    public void Dispose()
    {
        if (readOnly && !OperatingSystem.IsWindows())
        {
            foreach (var folder in Directory.EnumerateDirectories(Path, "*", SearchOption.AllDirectories).Prepend(Path))
            {
                if (Environment.IsPrivilegedProcess)
                {
                    RunChattr("-i", folder);
                }
                File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
        Directory.Delete(Path, recursive: true);
    }

    private static void RunChattr(string flag, string folder)
    {
        using var chattr = Process.Start(new ProcessStartInfo("chattr", [flag, folder]) { RedirectStandardError = true })!;
        chattr.WaitForExit();
        if (chattr.ExitCode != 0)
        {
            Assert.Skip($"chattr {flag} {folder} failed: {chattr.StandardError.ReadToEnd()}");
        }
    }
}
