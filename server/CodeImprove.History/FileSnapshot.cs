using LibGit2Sharp;

namespace CodeImprove.History;

/// <summary>A file's exact bytes and executable bit at one stage; null bytes mean the file does not exist.</summary>
internal sealed record FileSnapshot(string Path, byte[]? Bytes, bool Executable)
{
    /// <summary>Writes one blob per existing file (raw bytes, no filters) and a tree that mirrors their paths, without the index.</summary>
    public static Tree CreateTree(Repository repository, IEnumerable<FileSnapshot> files)
    {
        var definition = new TreeDefinition();
        foreach (var file in files.Where(f => f.Bytes is not null))
        {
            var blob = repository.ObjectDatabase.Write<Blob>(file.Bytes);
            definition.Add(file.Path, blob, file.Executable ? Mode.ExecutableFile : Mode.NonExecutableFile);
        }
        return repository.ObjectDatabase.CreateTree(definition);
    }

    /// <summary>Reads the listed files back from a stage's tree: the unfiltered blob bytes and mode.</summary>
    public static IReadOnlyList<FileSnapshot> FromTree(Tree tree, IEnumerable<string> paths) =>
        paths.Select(path => tree[path] is { TargetType: TreeEntryTargetType.Blob } entry
            ? new FileSnapshot(path, ReadBlob((Blob)entry.Target), entry.Mode == Mode.ExecutableFile)
            : new FileSnapshot(path, null, false)).ToList();

    private static byte[] ReadBlob(Blob blob)
    {
        using var stream = blob.GetContentStream();
        using var buffer = new MemoryStream((int)blob.Size);
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    public bool SameBytes(byte[]? other) =>
        Bytes is null ? other is null : other is not null && Bytes.AsSpan().SequenceEqual(other);
}
