namespace CodeImprove.History;

/// <summary>The workspace's <c>.codeimprove</c> folder (private history, audit trail) ignores itself, so nothing in it reaches git.</summary>
internal static class StateFolder
{
    public const string Name = ".codeimprove";

    public static void Ensure(string folder)
    {
        Directory.CreateDirectory(folder);
        var ignore = Path.Combine(folder, ".gitignore");
        if (Path.GetFileName(folder) == Name && !File.Exists(ignore))
        {
            File.WriteAllText(ignore, "*\n");
        }
    }
}
