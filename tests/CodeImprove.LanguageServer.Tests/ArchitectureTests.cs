namespace CodeImprove.LanguageServer.Tests;

/// <summary>
/// The language server talks to the engine and the protocol only (ARCHITECTURE.md): it does not reach the rollback
/// history, the model runtime, git, SQLite or Roslyn. It may read the analysis and memory rooms' records that pass
/// through the engine's API (diagnostics, episodes); the compiler records an assembly reference for each room used.
/// </summary>
public sealed class ArchitectureTests
{
    [Fact]
    public void The_language_server_references_no_room_below_the_engine_but_the_records_it_converts()
    {
        var referenced = typeof(LspServer).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToHashSet();

        Assert.Contains("CodeImprove.Engine", referenced);
        foreach (var forbidden in new[] { "CodeImprove.History", "CodeImprove.Inference", "LibGit2Sharp", "Microsoft.Data.Sqlite", "Microsoft.CodeAnalysis", "Microsoft.CodeAnalysis.Workspaces" })
        {
            Assert.DoesNotContain(forbidden, referenced);
        }
    }
}
