using CodeImprove.Analysis.Loading;

namespace CodeImprove.Analysis.Tests;

[Collection(FixtureCollection.Name)]
public sealed class WorkspaceTests(FixtureSolution fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void TheSolutionLoadsEveryProjectWithProgress()
    {
        var result = fixture.Workspace.LoadResult;
        Assert.Empty(result.Warnings);
        Assert.Equal(
            ["App/App.csproj", "Broken/Broken.csproj", "Lib/Lib.csproj"],
            result.LoadedProjects.Select(p => Path.GetRelativePath(fixture.Root, p)).Order(StringComparer.Ordinal));
        Assert.Equal(
            [fixture.ComplexPath, fixture.ProgramPath, fixture.ErrorsPath, fixture.GeometryPath],
            fixture.Workspace.Snapshot().DocumentPaths); // generated files under obj/ are left out
        List<WorkspaceLoadProgress> progress;
        lock (fixture.Progress)
        {
            progress = [.. fixture.Progress];
        }
        Assert.Contains(progress, p => p.Message.Contains("Lib.csproj", StringComparison.Ordinal));
        Assert.Equal((3, 3, 100), (progress[^1].Done, progress[^1].Total, progress[^1].Percentage));
    }

    [Fact]
    public async Task ProjectsThatFailToLoadAreReportedAndTheRestStillLoad()
    {
        // The fixture folder has no solution at its root, so every .csproj below it is opened, the bad ones included.
        using var workspace = await AnalysisWorkspace.OpenFoldersAsync([fixture.Root], cancellationToken: Ct);
        var warnings = workspace.LoadResult.Warnings;
        var badXml = Path.Combine(fixture.Root, "Bad", "Bad.csproj");
        var notRestored = Path.Combine(fixture.Root, "NotRestored", "NotRestored.csproj");
        Assert.Contains(warnings, w => w.ProjectPath == badXml);
        Assert.Contains(warnings, w => w.ProjectPath == notRestored && w.Message.Contains("restore", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(badXml, workspace.LoadResult.LoadedProjects);
        Assert.Contains(Path.Combine(fixture.Root, "Lib", "Lib.csproj"), workspace.LoadResult.LoadedProjects);
        var diagnostics = await workspace.Snapshot().GetDiagnosticsAsync(fixture.ErrorsPath, cancellationToken: Ct);
        Assert.Contains(diagnostics.Diagnostics, d => d.Id == "CS0029");
    }

    [Fact]
    public async Task DiskChangesAddUpdateAndRemoveDocuments()
    {
        var workspace = fixture.Workspace;
        var path = Path.Combine(fixture.Root, "Lib", "Sub", "Extra.cs");
        try
        {
            fixture.Write("Lib/Sub/Extra.cs", "namespace Fixture.Lib; public class Extra { public int F() { int n; return 1; } }");
            var created = await workspace.ApplyFileChangesAsync([new FileChange(path, FileChangeKind.Created)], cancellationToken: Ct);
            Assert.Equal((1, null), (created.DocumentsUpdated, created.Reload));
            Assert.Contains(path, workspace.Snapshot().DocumentPaths);
            Assert.Contains((await workspace.Snapshot().GetDiagnosticsAsync(path, cancellationToken: Ct)).Diagnostics, d => d.Id == "CS0168");

            fixture.Write("Lib/Sub/Extra.cs", "namespace Fixture.Lib; public class Extra { public int F() => 1; }");
            await workspace.ApplyFileChangesAsync([new FileChange(path, FileChangeKind.Changed)], cancellationToken: Ct);
            Assert.DoesNotContain((await workspace.Snapshot().GetDiagnosticsAsync(path, cancellationToken: Ct)).Diagnostics, d => d.Id == "CS0168");

            File.Delete(path);
            await workspace.ApplyFileChangesAsync([new FileChange(path, FileChangeKind.Deleted)], cancellationToken: Ct);
            await Assert.ThrowsAsync<DocumentNotFoundException>(() => workspace.Snapshot().GetDiagnosticsAsync(path, cancellationToken: Ct));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public async Task TheEditorsTextWinsOverDiskUntilClosed()
    {
        var workspace = fixture.Workspace;
        var disk = await File.ReadAllTextAsync(fixture.ProgramPath, Ct);
        try
        {
            workspace.OpenDocument(fixture.ProgramPath, disk + "Console.WriteLine(notDeclared);\n", version: 7);
            // A change on disk while the document is open does not replace the editor's text.
            await workspace.ApplyFileChangesAsync([new FileChange(fixture.ProgramPath, FileChangeKind.Changed)], cancellationToken: Ct);
            var open = await workspace.Snapshot().GetDiagnosticsAsync(fixture.ProgramPath, cancellationToken: Ct);
            Assert.Equal(7, open.Version);
            var error = Assert.Single(open.Diagnostics, d => d.Id == "CS0103");
            Assert.Equal(SourceRange.Of(4, 18, 4, 29), error.Range);
        }
        finally
        {
            workspace.CloseDocument(fixture.ProgramPath);
        }
        var closed = await workspace.Snapshot().GetDiagnosticsAsync(fixture.ProgramPath, cancellationToken: Ct);
        Assert.Null(closed.Version);
        Assert.DoesNotContain(closed.Diagnostics, d => d.Severity == Diagnostics.DiagnosticLevel.Error);
    }

    [Fact]
    public async Task ALooseFileIsAnalyzedInAnAdHocProjectWithFrameworkReferences()
    {
        var workspace = fixture.Workspace;
        var text = await File.ReadAllTextAsync(fixture.LoosePath, Ct);
        workspace.OpenDocument(fixture.LoosePath, text, version: 1);
        try
        {
            var diagnostics = await workspace.Snapshot().GetDiagnosticsAsync(fixture.LoosePath, cancellationToken: Ct);
            // Console, args and the implicit usings resolve; only the undefined name is an error.
            var error = Assert.Single(diagnostics.Diagnostics, d => d.Severity == Diagnostics.DiagnosticLevel.Error);
            Assert.Equal(("CS0103", SourceRange.Of(4, 26, 4, 39)), (error.Id, error.Range));
        }
        finally
        {
            workspace.CloseDocument(fixture.LoosePath);
        }
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => workspace.Snapshot().GetDiagnosticsAsync(fixture.LoosePath, cancellationToken: Ct));

        // The CLI's path: a .cs file with no project above it is opened from disk on its own.
        using var single = await AnalysisWorkspace.OpenPathAsync(fixture.LoosePath, cancellationToken: Ct);
        Assert.Equal([fixture.LoosePath], single.Snapshot().DocumentPaths);
        Assert.Equal(["CS0103"], (await single.Snapshot().GetDiagnosticsAsync(fixture.LoosePath, cancellationToken: Ct)).Diagnostics.Select(d => d.Id));
    }

    [Fact]
    public async Task BadPathsGiveClearErrors()
    {
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => fixture.Workspace.Snapshot().GetDiagnosticsAsync(Path.Combine(fixture.Root, "nope.cs"), cancellationToken: Ct));
        var missing = await Assert.ThrowsAsync<AnalysisException>(() => AnalysisWorkspace.OpenPathAsync(Path.Combine(fixture.Root, "absent.sln"), cancellationToken: Ct));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<AnalysisException>(() => AnalysisWorkspace.OpenPathAsync(Path.Combine(fixture.Root, ".editorconfig"), cancellationToken: Ct));
    }
}
