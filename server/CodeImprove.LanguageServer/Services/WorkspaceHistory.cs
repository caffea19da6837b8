using System.Text;
using CodeImprove.History;
using CodeImprove.LanguageServer.Documents;
using Serilog;

namespace CodeImprove.LanguageServer.Services;

/// <summary>
/// The workspace's rollback point store, opened on first use (it reports applies a crash interrupted and prunes
/// old points by the history settings), and the conversion between editor buffers and the exact bytes it records.
/// </summary>
public sealed class WorkspaceHistory : IDisposable
{
    private readonly ServerState state;
    private readonly ConfigurationService configuration;
    private readonly ILogger log;
    private readonly RetryingLazy<RollbackPointStore> store;

    public WorkspaceHistory(ServerState state, ConfigurationService configuration, ILogger log)
    {
        this.state = state;
        this.configuration = configuration;
        this.log = log;
        store = new RetryingLazy<RollbackPointStore>(OpenAsync);
    }

    public Task<RollbackPointStore> GetStoreAsync() => store.GetAsync();

    private async Task<RollbackPointStore> OpenAsync()
    {
        var folder = state.WorkspaceFolder ?? throw new HistoryException("No workspace folder is open: rollback points need one.");
        var store = await Task.Run(() => RollbackPointStore.Open(folder));
        foreach (var incomplete in store.IncompleteAtOpen)
        {
            log.Warning("An apply was interrupted (point {Point}, episode {Episode}, files {Files}): roll it back or accept it",
                incomplete.Point.Id, incomplete.Point.EpisodeId, string.Join(", ", incomplete.Files.Select(f => $"{f.Path}={f.State}")));
        }
        await PruneAsync(store);
        return store;
    }

    private async Task PruneAsync(RollbackPointStore opened)
    {
        var settings = configuration.Current.History;
        try
        {
            var dropped = await opened.PruneAsync(new PruneOptions(settings.MaxPoints > 0 ? settings.MaxPoints : null, settings.MaxAgeDays > 0 ? settings.MaxAgeDays : null));
            if (dropped > 0)
            {
                log.Information("Pruned {Count} rollback points beyond history.maxPoints={MaxPoints} / maxAgeDays={MaxAgeDays}", dropped, settings.MaxPoints, settings.MaxAgeDays);
            }
        }
        catch (Exception e) when (e is HistoryException or IOException or LibGit2Sharp.LibGit2SharpException)
        {
            log.Warning("Pruning rollback points failed: {Message:l}", e.Message);
        }
    }

    public static string FullPath(RollbackPointStore store, string relativePath) => Path.GetFullPath(Path.Combine(store.Root, relativePath));

    /// <summary>A buffer's bytes as they would be saved: UTF-8, keeping the BOM the file on disk has.</summary>
    public static byte[] BufferBytes(string path, string text)
    {
        var body = Encoding.UTF8.GetBytes(text);
        return HasUtf8Bom(path) ? [.. Encoding.UTF8.Preamble, .. body] : body;
    }

    /// <summary>Bytes as editor text: UTF-8 without its BOM (the editor keeps the file's encoding itself).</summary>
    public static string BufferText(byte[] bytes) =>
        bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3) : Encoding.UTF8.GetString(bytes);

    public IReadOnlyDictionary<string, byte[]?> OpenBuffers(DocumentStore documents) =>
        documents.All
            .Select(d => (Path: DocumentUris.ToPath(d.Uri), d.Text))
            .Where(d => Path.IsPathRooted(d.Path))
            .ToDictionary(d => d.Path, d => (byte[]?)BufferBytes(d.Path, d.Text));

    private static bool HasUtf8Bom(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            Span<byte> head = stackalloc byte[3];
            return file.ReadAtLeast(head, 3, throwOnEndOfStream: false) == 3 && head.SequenceEqual(Encoding.UTF8.Preamble);
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Dispose() => store.OpenedValue?.Dispose();
}
