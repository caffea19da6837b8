using System.Security.Cryptography;
using LibGit2Sharp;

namespace CodeImprove.History;

/// <summary>
/// Rollback points for one workspace, stored as commits on private refs (refs/codeimprove/...) that no default
/// refspec pushes or fetches. Recording never moves HEAD, never touches the index, branches, tags or stash, and
/// never reads or writes a file the edit does not touch.
/// <para>
/// Apply protocol (crash-safe): <see cref="BeginApplyAsync"/> records the before-bytes (and, when known, the bytes
/// about to be written) on the timeline with an in-progress marker before any file changes; the caller then writes the
/// files (or, for an open document, the editor applies the edit); <see cref="CompleteApplyAsync"/> records the
/// after-bytes. If the process dies in between, the next <see cref="Open"/> reports the point in
/// <see cref="IncompleteAtOpen"/>, and its before-bytes stay reachable until it is rolled back or accepted.
/// </para>
/// </summary>
public sealed class RollbackPointStore : IDisposable
{
    private readonly HistoryRepository _history;
    private readonly HistoryOptions _options;
    private readonly string _workspaceFolder;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly AuditLog _audit;

    private RollbackPointStore(HistoryRepository history, string workspaceFolder, HistoryOptions options)
    {
        _history = history;
        _workspaceFolder = workspaceFolder;
        _options = options;
        _audit = new AuditLog(history.Root, options.Origin, options.Time);
    }

    /// <summary>The audit trail: a line for every apply, rollback and their outcomes, written before each step (see <see cref="AuditLog"/>).</summary>
    public string AuditPath => _audit.Path;

    /// <summary>The folder point paths are relative to: the git working tree root, or the workspace folder for a private repository.</summary>
    public string Root => _history.Root;

    /// <summary>Applies that were begun but never completed, found when the store was opened (e.g. after a crash).</summary>
    public IReadOnlyList<IncompleteApply> IncompleteAtOpen { get; private set; } = [];

    /// <summary>Opens (creating a private repository under .codeimprove/ when the folder is not in a git repository) and checks for interrupted applies.</summary>
    public static RollbackPointStore Open(string workspaceFolder, HistoryOptions? options = null)
    {
        var folder = Path.GetFullPath(workspaceFolder);
        RollbackPointStore store;
        try
        {
            store = new RollbackPointStore(HistoryRepository.Open(folder), folder, options ?? new HistoryOptions());
        }
        catch (LibGit2SharpException e)
        {
            throw new HistoryException($"the rollback history of {folder} cannot be opened: {e.Message}");
        }
        try
        {
            store.IncompleteAtOpen = store.FindIncompleteAsync().GetAwaiter().GetResult();
            store.RemoveStaleMarkersAsync().GetAwaiter().GetResult();
            store.ReconcileAuditAsync().GetAwaiter().GetResult();
            return store;
        }
        catch (LibGit2SharpException e)
        {
            store.Dispose();
            throw new HistoryException($"the rollback history of {folder} cannot be read: {e.Message}");
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>All points, newest first.</summary>
    public async Task<IReadOnlyList<RollbackPoint>> ListAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return Points().Select(p => p.ToPoint()).ToList();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Incomplete applies and what each of their files holds now (before-bytes, the intended bytes, or other).</summary>
    public async Task<IReadOnlyList<IncompleteApply>> FindIncompleteAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var result = new List<IncompleteApply>();
            foreach (var record in Points().Where(p => p.State == PointState.Incomplete))
            {
                var before = FileSnapshot.FromTree(record.Before.Commit.Tree, record.Before.Files);
                var intended = record.Intent is null ? null : FileSnapshot.FromTree(record.Intent.Commit.Tree, record.Before.Files);
                var files = new List<IncompleteFile>();
                for (var i = 0; i < before.Count; i++)
                {
                    var current = await WorkspaceFiles.ReadAsync(before[i].Path, _history.ToFull(before[i].Path), cancellationToken);
                    var state = before[i].SameBytes(current.Bytes) ? FileApplyState.Before
                        : intended is not null && intended[i].SameBytes(current.Bytes) ? FileApplyState.After
                        : FileApplyState.Other;
                    files.Add(new IncompleteFile(before[i].Path, state));
                }
                result.Add(new IncompleteApply(record.ToPoint(), files));
            }
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Records a rollback point before an apply. <paramref name="before"/> maps each file the edit touches (absolute, or
    /// relative to the workspace folder) to the bytes the edit was based on: the disk bytes for a closed file, the buffer
    /// text for an open document; null for a file the edit creates. <paramref name="intendedAfter"/> (same keys) lets a
    /// crash report tell which files were already written. Returns the point id for <see cref="CompleteApplyAsync"/>.
    /// </summary>
    public async Task<string> BeginApplyAsync(
        string episodeId,
        IReadOnlyDictionary<string, byte[]?> before,
        IReadOnlyDictionary<string, byte[]?>? intendedAfter = null,
        CancellationToken cancellationToken = default)
    {
        ValidateEpisode(episodeId);
        var beforeFiles = Snapshots(before, path => WorkspaceFiles.IsExecutable(_history.ToFull(path)));
        var intended = intendedAfter is null ? null : Snapshots(intendedAfter, path => ExecutableOf(beforeFiles, path));
        return await RecordAsync(episodeId, beforeFiles, intended, reverts: null, cancellationToken);
    }

    /// <summary>Completes a point once the edit is applied: <paramref name="after"/> holds each file's resulting bytes (null: deleted), the same files as at the start.</summary>
    public async Task<RollbackPoint> CompleteApplyAsync(string pointId, IReadOnlyDictionary<string, byte[]?> after, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var _ = await HistoryLock.AcquireAsync(_history.LockPath, _options.LockTimeout, cancellationToken);
            var record = Find(pointId);
            EnsureInProgress(record);
            var beforeFiles = FileSnapshot.FromTree(record.Before.Commit.Tree, record.Before.Files);
            var afterFiles = Snapshots(after, path => File.Exists(_history.ToFull(path)) ? WorkspaceFiles.IsExecutable(_history.ToFull(path)) : ExecutableOf(beforeFiles, path));
            if (!afterFiles.Select(f => f.Path).Order(StringComparer.Ordinal).SequenceEqual(record.Before.Files.Order(StringComparer.Ordinal)))
            {
                throw new HistoryException($"the after-bytes of point {pointId} must cover exactly its files: {string.Join(", ", record.Before.Files)}");
            }
            var commit = CreateCommit(record.Id, PointStage.After, record.Before.EpisodeId, record.Before.Reverts, afterFiles, Tip());
            _audit.Append(new AuditEntry { Event = AuditEvents.Completed, Episode = record.Before.EpisodeId, Point = record.Id, Files = AuditFiles(beforeFiles, afterFiles) });
            _history.Repository.Refs.Add(_history.TimelineRef, commit.Id, allowOverwrite: true);
            _history.Repository.Refs.Remove(_history.PendingPrefix + record.Id);
            if (record.Before.Reverts is { } reverted)
            {
                // A completed rollback also resolves the point it reverted, if that one was an interrupted apply.
                _history.Repository.Refs.Remove(_history.PendingPrefix + reverted);
            }
            _options.Observer?.Invoke(ApplyStep.Completed);
            record.After = PointCommit.Parse(commit);
            return record.ToPoint();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Marks a begun point as never applied (the editor refused the edit, or the caller gave up before writing anything).</summary>
    public Task AbandonApplyAsync(string pointId, CancellationToken cancellationToken = default) =>
        AsWriterAsync(() =>
        {
            var record = Find(pointId);
            EnsureInProgress(record);
            var commit = CreateCommit(record.Id, PointStage.Abandoned, record.Before.EpisodeId, record.Before.Reverts, record.Before.Files, record.Before.Commit.Tree, Tip());
            _audit.Append(new AuditEntry { Event = AuditEvents.Abandoned, Episode = record.Before.EpisodeId, Point = record.Id });
            _history.Repository.Refs.Add(_history.TimelineRef, commit.Id, allowOverwrite: true);
            _history.Repository.Refs.Remove(_history.PendingPrefix + record.Id);
            return true;
        }, cancellationToken);

    /// <summary>Records, writes the files' new bytes to disk (null deletes) and completes: the closed-file and CLI path.</summary>
    public async Task<RollbackPoint> ApplyAsync(string episodeId, IReadOnlyDictionary<string, byte[]?> edits, CancellationToken cancellationToken = default)
    {
        ValidateEpisode(episodeId);
        var beforeFiles = await ReadDiskAsync(edits.Keys, cancellationToken);
        var intended = Snapshots(edits, path => ExecutableOf(beforeFiles, path));
        return await ApplyRecordedAsync(episodeId, beforeFiles, intended, reverts: null, cancellationToken);
    }

    /// <summary>Keeps the files of an incomplete point as they are now and completes it (the other way to resolve an interrupted apply is to roll it back).</summary>
    public async Task<RollbackPoint> AcceptIncompleteAsync(string pointId, CancellationToken cancellationToken = default)
    {
        var record = await FindRecordAsync(pointId, cancellationToken);
        var current = await ReadDiskAsync(record.Before.Files, cancellationToken);
        return await CompleteApplyAsync(pointId, current.ToDictionary(f => f.Path, f => f.Bytes), cancellationToken);
    }

    /// <summary>
    /// Works out what rolling back <paramref name="pointOrEpisode"/> (a point id or unique prefix, or an episode id: its newest
    /// applied point) would write, without touching anything. <paramref name="openBuffers"/> supplies the current text of
    /// open documents (by path) in place of their disk bytes. Throws <see cref="RollbackConflictException"/> when files changed since.
    /// </summary>
    public async Task<RollbackPlan> PlanRollbackAsync(
        string pointOrEpisode,
        RollbackMode mode = RollbackMode.Strict,
        IReadOnlyDictionary<string, byte[]?>? openBuffers = null,
        CancellationToken cancellationToken = default)
    {
        var record = await ResolveAsync(pointOrEpisode, cancellationToken);
        var buffers = openBuffers?.ToDictionary(kv => _history.ToRelative(kv.Key, _workspaceFolder), kv => kv.Value) ?? [];
        var current = new Dictionary<string, byte[]?>();
        foreach (var path in record.Before.Files)
        {
            current[path] = buffers.TryGetValue(path, out var buffer)
                ? buffer
                : (await WorkspaceFiles.ReadAsync(path, _history.ToFull(path), cancellationToken)).Bytes;
        }
        return RollbackPlanner.Plan(record, current, mode);
    }

    /// <summary>Rolls back on disk, recording the rollback as a point of its own (so it can be rolled back too).</summary>
    public async Task<RollbackResult> RollbackAsync(string pointOrEpisode, RollbackMode mode = RollbackMode.Strict, CancellationToken cancellationToken = default)
    {
        var plan = await PlanRollbackAsync(pointOrEpisode, mode, cancellationToken: cancellationToken);
        var (current, restored) = RollbackSnapshots(plan);
        return new RollbackResult(plan, await ApplyRecordedAsync(plan.Point.EpisodeId, current, restored, plan.Point.Id, cancellationToken));
    }

    /// <summary>The editor path of a rollback: records the plan as a point and returns its id; apply <see cref="RollbackPlan.Restored"/> through the editor, then call <see cref="CompleteApplyAsync"/>.</summary>
    public async Task<string> BeginRollbackAsync(RollbackPlan plan, CancellationToken cancellationToken = default)
    {
        var (current, restored) = RollbackSnapshots(plan);
        return await RecordAsync(plan.Point.EpisodeId, current, restored, plan.Point.Id, cancellationToken);
    }

    /// <summary>Drops points beyond the newest <see cref="PruneOptions.MaxPoints"/> or older than <see cref="PruneOptions.MaxAgeDays"/>; returns how many were dropped.</summary>
    public Task<int> PruneAsync(PruneOptions options, CancellationToken cancellationToken = default) =>
        AsWriterAsync(() => TimelinePruner.Prune(_history, Timeline.Walk(_history.Repository, _history.TimelineRef), options, _options.Time.GetUtcNow(),
            dropped => _audit.Append(new AuditEntry { Event = AuditEvents.Prune, Pruned = dropped })), cancellationToken);

    /// <summary>Appends an engine's line (an accept, a reject, a model change) to the trail, under the writers' lock.</summary>
    public Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default) =>
        AsWriterAsync(() =>
        {
            _audit.Append(entry);
            return true;
        }, cancellationToken);

    /// <summary>The trail's entries; with <paramref name="verify"/>, also what disagrees with the rollback store (a gap, a mismatch, a broken chain).</summary>
    public async Task<AuditReport> ReadAuditAsync(bool verify, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var lines = _audit.Read();
            var problems = verify ? AuditVerifier.Verify(lines, Points(), StoredFiles) : [];
            return new AuditReport(_audit.Path, [.. lines.Select(l => l.Entry).OfType<AuditEntry>()], problems);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs a write of this timeline holding both the in-process gate and the writers' lock shared with other processes.</summary>
    private async Task<T> AsWriterAsync<T>(Func<T> write, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var _ = await HistoryLock.AcquireAsync(_history.LockPath, _options.LockTimeout, cancellationToken);
            return write();
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _history.Dispose();
        _gate.Dispose();
    }

    private async Task<RollbackPoint> ApplyRecordedAsync(
        string episodeId, IReadOnlyList<FileSnapshot> before, IReadOnlyList<FileSnapshot> after, string? reverts, CancellationToken cancellationToken)
    {
        var pointId = await RecordAsync(episodeId, before, after, reverts, cancellationToken);
        try
        {
            foreach (var file in after)
            {
                await WorkspaceFiles.WriteAsync(_history.ToFull(file.Path), file.Bytes, file.Executable, cancellationToken);
                _options.Observer?.Invoke(ApplyStep.FileWritten);
            }
        }
        catch (IOException e)
        {
            throw StorageFaults.Describe(e, _workspaceFolder,
                $"the apply was interrupted; point {pointId} holds the files as they were, and rolling it back or accepting it as it is finishes it");
        }
        _options.Observer?.Invoke(ApplyStep.FilesWritten);
        return await CompleteApplyAsync(pointId, after.ToDictionary(f => _history.ToFull(f.Path), f => f.Bytes), cancellationToken);
    }

    /// <summary>Writes the before (and intended) commits, then moves the timeline to them in one ref update, then adds the in-progress marker.</summary>
    private async Task<string> RecordAsync(
        string episodeId, IReadOnlyList<FileSnapshot> before, IReadOnlyList<FileSnapshot>? intended, string? reverts, CancellationToken cancellationToken)
    {
        if (before.Count == 0)
        {
            throw new HistoryException("an edit must touch at least one file");
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var _ = await HistoryLock.AcquireAsync(_history.LockPath, _options.LockTimeout, cancellationToken);
            var pointId = Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
            try
            {
                var head = CreateCommit(pointId, PointStage.Before, episodeId, reverts, before, Tip());
                if (intended is not null)
                {
                    head = CreateCommit(pointId, PointStage.Intent, episodeId, reverts, intended, head);
                }
                // The line comes before the refs move: nothing is applied without one (a crash in between is reconciled at open).
                _audit.Append(new AuditEntry
                {
                    Event = reverts is null ? AuditEvents.Apply : AuditEvents.Rollback,
                    Episode = episodeId,
                    Point = pointId,
                    Reverts = reverts,
                    Files = AuditFiles(before, intended),
                });
                _options.Observer?.Invoke(ApplyStep.ObjectsWritten);
                _history.Repository.Refs.Add(_history.TimelineRef, head.Id, allowOverwrite: true);
                _history.Repository.Refs.Add(_history.PendingPrefix + pointId, head.Id, allowOverwrite: true);
            }
            catch (Exception e) when (StorageFaults.IsStorageFault(e))
            {
                // No file has been touched yet.
                throw StorageFaults.Describe(e, _history.Repository.Info.Path, "no rollback point could be recorded, so nothing was applied");
            }
            _options.Observer?.Invoke(ApplyStep.PointRecorded);
            return pointId;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// A crash between completing a point and removing its in-progress marker leaves a marker for a finished point; drop
    /// those. Only then is the writers' lock taken, so a history can be opened and read while another process writes, or
    /// on a read-only file system.
    /// </summary>
    private async Task RemoveStaleMarkersAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (StaleMarkers().Count == 0)
            {
                return;
            }
            using var _ = await HistoryLock.AcquireAsync(_history.LockPath, _options.LockTimeout, CancellationToken.None);
            foreach (var marker in StaleMarkers())
            {
                _history.Repository.Refs.Remove(marker);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Writes the outcome lines a crash kept from the trail; the writers' lock is taken only when there are some. Where they
    /// cannot be written (a read-only disk) the history still opens for reading, and the next open tries again.
    /// </summary>
    private async Task ReconcileAuditAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (AuditVerifier.MissingOutcomes(_audit.Read(), Points(), StoredFiles).Count == 0)
            {
                return;
            }
            using var _ = await HistoryLock.AcquireAsync(_history.LockPath, _options.LockTimeout, CancellationToken.None);
            foreach (var entry in AuditVerifier.MissingOutcomes(_audit.Read(), Points(), StoredFiles))
            {
                _audit.Append(entry);
            }
        }
        catch (Exception e) when (e is HistoryException or IOException or UnauthorizedAccessException)
        {
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A point's files with the digests the store holds: the before-bytes and, once completed, the after-bytes.</summary>
    private static IReadOnlyList<AuditFile> StoredFiles(PointRecord record) =>
        AuditFiles(FileSnapshot.FromTree(record.Before.Commit.Tree, record.Before.Files),
            record.After is null ? null : FileSnapshot.FromTree(record.After.Commit.Tree, record.Before.Files));

    private static IReadOnlyList<AuditFile> AuditFiles(IReadOnlyList<FileSnapshot> before, IReadOnlyList<FileSnapshot>? after) =>
        [.. before.Select(b => new AuditFile(b.Path, AuditLog.Digest(b.Bytes), after is null ? null : AuditLog.Digest(after.First(a => a.Path == b.Path).Bytes)))];

    private List<Reference> StaleMarkers()
    {
        var incomplete = Points().Where(p => p.State == PointState.Incomplete).Select(p => _history.PendingPrefix + p.Id).ToHashSet();
        return [.. _history.Repository.Refs.FromGlob(_history.PendingPrefix + "*").Where(r => !incomplete.Contains(r.CanonicalName))];
    }

    private Commit CreateCommit(string pointId, PointStage stage, string episodeId, string? reverts, IReadOnlyList<FileSnapshot> files, Commit? parent) =>
        CreateCommit(pointId, stage, episodeId, reverts, files.Select(f => f.Path).ToList(), FileSnapshot.CreateTree(_history.Repository, files), parent);

    private Commit CreateCommit(string pointId, PointStage stage, string episodeId, string? reverts, IReadOnlyList<string> paths, Tree tree, Commit? parent)
    {
        var signature = new Signature("CodeImprove", "codeimprove@localhost", _options.Time.GetUtcNow());
        var message = PointCommit.FormatMessage(pointId, stage, episodeId, reverts, paths);
        return _history.Repository.ObjectDatabase.CreateCommit(
            signature, signature, message, tree, parent is null ? [] : [parent], prettifyMessage: false);
    }

    /// <summary>The point behind an in-progress marker, read without walking the timeline (the marker targets the before or intent commit).</summary>
    private PointRecord? PendingRecord(string pointId)
    {
        if (_history.Repository.Refs[_history.PendingPrefix + pointId]?.ResolveToDirectReference().Target is not Commit marked
            || PointCommit.Parse(marked) is not { } head || head.PointId != pointId)
        {
            return null;
        }
        return head.Stage == PointStage.Intent && PointCommit.Parse(marked.Parents.Single()) is { Stage: PointStage.Before } before
            ? new PointRecord(before) { Intent = head }
            : new PointRecord(head);
    }

    private Commit? Tip() => _history.Repository.Refs[_history.TimelineRef]?.ResolveToDirectReference().Target as Commit;

    private IReadOnlyList<PointRecord> Points() => Timeline.Points(Timeline.Walk(_history.Repository, _history.TimelineRef));

    private async Task<PointRecord> FindRecordAsync(string pointId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return Find(pointId);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A point by exact id: through its in-progress marker when it has one, else by walking the timeline.</summary>
    private PointRecord Find(string pointId) =>
        PendingRecord(pointId) ?? Points().FirstOrDefault(p => p.Id == pointId)
        ?? throw new HistoryException($"no rollback point '{pointId}' in this workspace's history");

    private static void EnsureInProgress(PointRecord record)
    {
        if (record.State != PointState.Incomplete)
        {
            throw new HistoryException($"rollback point {record.Id} is {record.State.ToString().ToLowerInvariant()}, not an apply in progress");
        }
    }

    private async Task<PointRecord> ResolveAsync(string pointOrEpisode, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return PointResolver.Resolve(Points(), pointOrEpisode);
        }
        finally
        {
            _gate.Release();
        }
    }

    private (IReadOnlyList<FileSnapshot> Current, IReadOnlyList<FileSnapshot> Restored) RollbackSnapshots(RollbackPlan plan)
    {
        var current = plan.Current.Select(kv => new FileSnapshot(kv.Key, kv.Value, WorkspaceFiles.IsExecutable(_history.ToFull(kv.Key)))).ToList();
        var restored = plan.Restored.Select(kv => new FileSnapshot(kv.Key, kv.Value, plan.Executable.Contains(kv.Key))).ToList();
        return (current, restored);
    }

    private async Task<IReadOnlyList<FileSnapshot>> ReadDiskAsync(IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        var files = new List<FileSnapshot>();
        foreach (var relative in paths.Select(p => _history.ToRelative(p, _workspaceFolder)).Distinct())
        {
            files.Add(await WorkspaceFiles.ReadAsync(relative, _history.ToFull(relative), cancellationToken));
        }
        return files;
    }

    private List<FileSnapshot> Snapshots(IReadOnlyDictionary<string, byte[]?> files, Func<string, bool> executable)
    {
        var snapshots = files.Select(kv => (Path: _history.ToRelative(kv.Key, _workspaceFolder), Bytes: kv.Value)).ToList();
        if (snapshots.Select(s => s.Path).Distinct().Count() != snapshots.Count)
        {
            throw new HistoryException("the same file is listed twice under different paths");
        }
        return snapshots.Select(s => new FileSnapshot(s.Path, s.Bytes, s.Bytes is not null && executable(s.Path))).ToList();
    }

    private static bool ExecutableOf(IReadOnlyList<FileSnapshot> files, string path) =>
        files.FirstOrDefault(f => f.Path == path)?.Executable ?? false;

    private static void ValidateEpisode(string episodeId)
    {
        if (string.IsNullOrWhiteSpace(episodeId) || episodeId.Contains('\n') || episodeId.Contains('\r'))
        {
            throw new HistoryException($"invalid episode id: '{episodeId}'");
        }
    }
}
