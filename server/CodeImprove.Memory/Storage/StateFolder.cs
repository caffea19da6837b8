namespace CodeImprove.Memory.Storage;

/// <summary>The per-workspace <c>.codeimprove</c> folder ignores itself, so nothing in it reaches git.</summary>
internal static class StateFolder
{
    public static void EnsureFor(string databasePath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(databasePath))!;
        Directory.CreateDirectory(folder);
        var gitignore = Path.Combine(folder, ".gitignore");
        if (Path.GetFileName(folder) == EpisodeStoreOptions.StateFolderName && !File.Exists(gitignore))
        {
            File.WriteAllText(gitignore, "*\n");
        }
    }
}
