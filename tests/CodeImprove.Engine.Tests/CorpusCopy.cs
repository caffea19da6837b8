using CodeImprove.Tests;
using System.Diagnostics;

namespace CodeImprove.Engine.Tests;

/// <summary>tests/benchmark-corpus copied to a temporary folder and restored (Roslynator comes from the NuGet cache or registry).</summary>
internal static class CorpusCopy
{
    public static async Task<string> CreateAsync(CancellationToken cancellationToken)
    {
        var source = Path.Combine(TestPaths.RepoRoot, "tests", "benchmark-corpus");
        var target = Directory.CreateTempSubdirectory("codeimprove-corpus-").FullName;
        foreach (var file in Directory.GetFiles(source).Where(f => !f.Contains("/bin/", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
        using var restore = Process.Start(new ProcessStartInfo("dotnet", ["restore", Path.Combine(target, "Corpus.csproj")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = restore.StandardOutput.ReadToEndAsync(cancellationToken);
        await restore.WaitForExitAsync(cancellationToken);
        Assert.True(restore.ExitCode == 0, "dotnet restore of the corpus failed: " + await output);
        return target;
    }
}
