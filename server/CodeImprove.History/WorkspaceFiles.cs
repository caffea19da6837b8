namespace CodeImprove.History;

/// <summary>Raw byte access to working-tree files: no text APIs, no line-ending or encoding conversion.</summary>
internal static class WorkspaceFiles
{
    private const UnixFileMode ExecuteBits = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public static async Task<FileSnapshot> ReadAsync(string relative, string full, CancellationToken cancellationToken)
    {
        var info = new FileInfo(full);
        if (!info.Exists)
        {
            return new FileSnapshot(relative, null, false);
        }
        if (info.LinkTarget is not null)
        {
            throw new HistoryException($"symbolic links are not supported as edit targets: {relative}");
        }
        return new FileSnapshot(relative, await File.ReadAllBytesAsync(full, cancellationToken), IsExecutable(full));
    }

    public static bool IsExecutable(string full) =>
        !OperatingSystem.IsWindows() && File.Exists(full) && (File.GetUnixFileMode(full) & UnixFileMode.UserExecute) != 0;

    /// <summary>
    /// Replaces the file atomically (temporary sibling, then rename) so a crash leaves either the old or the new bytes,
    /// never a torn file. Null bytes delete the file.
    /// </summary>
    public static async Task WriteAsync(string full, byte[]? bytes, bool executable, CancellationToken cancellationToken)
    {
        if (bytes is null)
        {
            File.Delete(full);
            return;
        }
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.codeimprove-{Environment.ProcessId}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                await stream.WriteAsync(bytes, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }
            if (!OperatingSystem.IsWindows())
            {
                var mode = File.Exists(full) ? File.GetUnixFileMode(full) : File.GetUnixFileMode(temporary);
                File.SetUnixFileMode(temporary, WithExecutable(mode, executable));
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Like git: executable means an execute bit wherever there is a read bit; otherwise no execute bits.</summary>
    private static UnixFileMode WithExecutable(UnixFileMode mode, bool executable)
    {
        if (!executable)
        {
            return mode & ~ExecuteBits;
        }
        if ((mode & UnixFileMode.UserRead) != 0) mode |= UnixFileMode.UserExecute;
        if ((mode & UnixFileMode.GroupRead) != 0) mode |= UnixFileMode.GroupExecute;
        if ((mode & UnixFileMode.OtherRead) != 0) mode |= UnixFileMode.OtherExecute;
        return mode;
    }
}
