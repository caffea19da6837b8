namespace CodeImprove.Analysis.Tests;

/// <summary>Candidate checking on in-memory forks of the fixture solution.</summary>
[Collection(FixtureCollection.Name)]
public sealed class CandidateTests(FixtureSolution fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // In Geometry.cs: Area spans lines 3-6, Scale's body statements lines 9-10.
    private static readonly SourceRange AreaMethod = SourceRange.Of(3, 4, 6, 5);
    private static readonly SourceRange ScaleBody = SourceRange.Of(9, 8, 10, 30);

    [Fact]
    public async Task AnIntroducedCompileErrorIsDetected()
    {
        var report = await fixture.Workspace.Snapshot().CheckCandidateAsync(fixture.GeometryPath, ScaleBody, "return value * missing;", Ct);
        Assert.Empty(report.ParseErrors);
        Assert.True(report.HasNewErrors);
        var error = Assert.Single(report.Introduced, d => d.Id == "CS0103");
        Assert.Equal(9, error.Range.Start.Line);
        Assert.Contains(report.Removed, d => d.Id == "RCS1118" && d.Range.Start.Line == 9); // the local is gone
        Assert.False(report.PublicSignatureChanged);
        Assert.Equal([fixture.GeometryPath], report.CheckedDocuments); // a body-only change cannot affect other files
    }

    [Fact]
    public async Task ParseErrorsAreReported()
    {
        var report = await fixture.Workspace.Snapshot().CheckCandidateAsync(fixture.GeometryPath, ScaleBody, "return value * 3", Ct);
        Assert.Contains(report.ParseErrors, d => d.Id == "CS1002");
        Assert.True(report.HasNewErrors);
    }

    [Fact]
    public async Task ARemovedWarningIsDetectedAndMetricsCompareBeforeAndAfter()
    {
        var replacement = "public static int Area(int width, int height) {\n        return width * height;\n    }";
        var report = await fixture.Workspace.Snapshot().CheckCandidateAsync(fixture.GeometryPath, AreaMethod, replacement, Ct);
        Assert.Empty(report.Introduced);
        // IDE0059 (unnecessary assignment) is an improvement rule: not published for Lib, but a candidate gets credit for removing it.
        Assert.Equal(["CS0219", "IDE0059", "RCS1118"], report.Removed.Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.False(report.PublicSignatureChanged);
        var area = Assert.Single(report.Metrics);
        Assert.Equal(("Geometry.Area(int, int)", 4, 3), (area.Name, area.Before!.Lines, area.After!.Lines));
        Assert.True(area.After.MaintainabilityIndex > area.Before.MaintainabilityIndex);
    }

    [Fact]
    public async Task APublicSignatureChangeIsDetectedWithItsEffectOnDependentProjects()
    {
        var replacement = "public static int Area(int width, int height, int depth) {\n        return width * height * depth;\n    }";
        var report = await fixture.Workspace.Snapshot().CheckCandidateAsync(fixture.GeometryPath, AreaMethod, replacement, Ct);
        Assert.True(report.PublicSignatureChanged);
        Assert.Contains("public static int Fixture.Lib.Geometry.Area(int width, int height)", report.SignaturesBefore);
        Assert.Contains("public static int Fixture.Lib.Geometry.Area(int width, int height, int depth)", report.SignaturesAfter);
        // Program.cs in the App project calls Area(2, 3): it now misses an argument.
        var broken = Assert.Single(report.Introduced, d => d.Id == "CS7036");
        Assert.Equal((fixture.ProgramPath, 2), (broken.FilePath, broken.Range.Start.Line));
        Assert.Contains(fixture.ProgramPath, report.CheckedDocuments);
        Assert.DoesNotContain(fixture.ErrorsPath, report.CheckedDocuments); // Broken does not depend on Lib
    }

    [Fact]
    public async Task TheCandidateIsFormattedWithTheProjectsEditorConfig()
    {
        // The fixture's .editorconfig keeps opening braces on the same line (csharp_new_line_before_open_brace = none).
        var messy = "public int Scale(int value)\n{\nif(value>0)\n{\nreturn value*3;\n}\nreturn 0;\n}";
        var report = await fixture.Workspace.Snapshot().CheckCandidateAsync(fixture.GeometryPath, SourceRange.Of(8, 4, 11, 5), messy, Ct);
        Assert.Equal(
            "public int Scale(int value) {\n        if (value > 0) {\n            return value * 3;\n        }\n        return 0;\n    }",
            report.FormattedReplacement);
        Assert.Contains(report.FormattedReplacement, report.FormattedDocumentText, StringComparison.Ordinal);
        var scale = Assert.Single(report.Metrics);
        Assert.Equal((1, 2), (scale.Before!.CyclomaticComplexity, scale.After!.CyclomaticComplexity));
    }

    [Fact]
    public async Task TheUnchangedSideIsAnalyzedForTheDocumentAsItIsNow()
    {
        // The unchanged text's diagnostics are cached per document snapshot; an edit must not leave them stale.
        const string candidate = "return value * 3;";
        var first = await fixture.Workspace.Snapshot().CheckCandidateAsync(fixture.GeometryPath, ScaleBody, candidate, Ct);
        var again = await fixture.Workspace.Snapshot().CheckCandidateAsync(fixture.GeometryPath, ScaleBody, candidate, Ct);
        Assert.Equal(first.Removed, again.Removed);
        Assert.DoesNotContain(first.Removed, d => d.Id == "CS0219");

        var original = await fixture.Workspace.Snapshot().GetTextAsync(fixture.GeometryPath, Ct);
        try
        {
            // Same lengths, so ScaleBody still covers the body; factor is now assigned but never used.
            fixture.Workspace.UpdateDocument(fixture.GeometryPath, original.Replace("return value * factor;", "return value * 33 + 0;", StringComparison.Ordinal), version: 2);
            var edited = await fixture.Workspace.Snapshot().CheckCandidateAsync(fixture.GeometryPath, ScaleBody, candidate, Ct);
            Assert.Contains(edited.Removed, d => d.Id == "CS0219" && d.Range.Start.Line == 9);
        }
        finally
        {
            fixture.Workspace.CloseDocument(fixture.GeometryPath);
        }
    }

    [Fact]
    public async Task CheckingWritesNothingToDisk()
    {
        var before = fixture.Snapshot();
        var original = await fixture.Workspace.Snapshot().GetTextAsync(fixture.GeometryPath, Ct);
        await fixture.Workspace.Snapshot().CheckCandidateAsync(fixture.GeometryPath, AreaMethod, "public static int Area(int w) => w;", Ct);
        await fixture.Workspace.Snapshot().CheckCandidateAsync(fixture.ComplexPath, SourceRange.Of(3, 4, 28, 5), "public static string Classify(int level, int[] values, string? label) => label ?? \"\";", Ct);
        Assert.Equal(before, fixture.Snapshot());
        Assert.Equal(original, await fixture.Workspace.Snapshot().GetTextAsync(fixture.GeometryPath, Ct)); // the served solution is unchanged too
    }
}
