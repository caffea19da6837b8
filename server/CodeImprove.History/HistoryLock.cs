namespace CodeImprove.History;

/// <summary>
/// Serializes writers of one timeline across processes (the server and a CLI run at the same time).
/// An exclusive open maps to flock on Unix, which the kernel releases when a process dies, so a crash never leaves it held.
/// </summary>
internal static class HistoryLock
{
    public static async Task<IDisposable> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (DirectoryNotFoundException)
            {
                throw new HistoryException($"the rollback history's folder is gone ({Path.GetDirectoryName(path)}): was .git or .codeimprove deleted? " +
                                           "Reopen the folder to start a new history; nothing can be applied until then");
            }
            catch (UnauthorizedAccessException)
            {
                throw new HistoryException($"cannot write the rollback history ({path}): permission denied. Without rollback points nothing is applied; " +
                                           "proposals, episodes and the existing history can still be read");
            }
            catch (IOException e) when (e.Message.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase))
            {
                throw new HistoryException($"the workspace is on a read-only file system ({path}). Without rollback points nothing is applied; " +
                                           "proposals, episodes and the existing history can still be read");
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(25, cancellationToken);
            }
            catch (IOException e)
            {
                throw new HistoryException($"the rollback history is locked by another process ({path}): {e.Message}");
            }
        }
    }
}
