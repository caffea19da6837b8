using System.Diagnostics;
using System.Text.Json.Nodes;

namespace CodeImprove.EndToEnd.Tests;

/// <summary>
/// A real C# project in a temporary git repository, restored with the analyzer packages the no-model default draws
/// its fixes from (Roslynator and the IDE code-style analyzers, from the NuGet cache or registry).
/// </summary>
internal sealed class SampleProject : IDisposable
{
    public const string Code = """
        namespace Sample;

        public static class Orders
        {
            public static int CountLarge(int[] amounts)
            {
                int count = 0;
                for (int i = 0; i < amounts.Length; i++)
                {
                    if (amounts[i] > 100)
                    {
                        count = count + 1;
                    }
                }
                return count;
            }
        }

        """;

    /// <summary>Line (0-based) of <c>count = count + 1;</c>, which the fixes rewrite.</summary>
    public const int IncrementLine = 11;

    private SampleProject(string root) => Root = root;

    public string Root { get; }

    public string SamplePath => Path.Combine(Root, "Sample.cs");

    public string SampleUri => new Uri(SamplePath).AbsoluteUri;

    public string RootUri => new Uri(Root).AbsoluteUri;

    public static SampleProject Create(string code = Code, string? workspaceConfig = null)
    {
        var root = Directory.CreateTempSubdirectory("codeimprove-e2e-sample-").FullName;
        var corpus = Path.Combine(CodeImprove.Tests.TestPaths.RepoRoot, "tests", "benchmark-corpus");
        File.Copy(Path.Combine(corpus, "Corpus.csproj"), Path.Combine(root, "Sample.csproj"));
        File.Copy(Path.Combine(corpus, "Directory.Build.props"), Path.Combine(root, "Directory.Build.props"));
        File.Copy(Path.Combine(corpus, "Directory.Packages.props"), Path.Combine(root, "Directory.Packages.props"));
        File.WriteAllText(Path.Combine(root, "Sample.cs"), code.ReplaceLineEndings("\n"));
        if (workspaceConfig is not null)
        {
            Directory.CreateDirectory(Path.Combine(root, ".codeimprove"));
            File.WriteAllText(Path.Combine(root, ".codeimprove", "config.json"), workspaceConfig);
        }
        var project = new SampleProject(root);
        project.Run("dotnet", "restore", "-v", "q");
        project.Git("init", "-q");
        File.WriteAllText(Path.Combine(root, ".gitignore"), "bin/\nobj/\n.codeimprove/\n");
        project.Git("add", "-A");
        project.Git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init");
        return project;
    }

    public string Git(params string[] args) => Run("git", args);

    /// <summary>`dotnet build` of the project, as its author would run it; fails the test when it does not build.</summary>
    public string Build() => Run("dotnet", "build", "-v", "q", "-nologo");

    public JsonObject OpenParams(string text, int version = 1) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = SampleUri, ["languageId"] = "csharp", ["version"] = version, ["text"] = text },
    };

    /// <summary>A full-text didChange.</summary>
    public JsonObject ChangeParams(string text, int version) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = SampleUri, ["version"] = version },
        ["contentChanges"] = new JsonArray(new JsonObject { ["text"] = text }),
    };

    /// <summary><c>workspace/executeCommand codeImprove.improve</c> with the cursor on the increment.</summary>
    public JsonObject ImproveParams(string? workDoneToken = null) => new()
    {
        ["command"] = "codeImprove.improve",
        ["arguments"] = new JsonArray(new JsonObject
        {
            ["uri"] = SampleUri,
            ["range"] = Range(IncrementLine, 16, IncrementLine, 16),
        }),
        ["workDoneToken"] = workDoneToken,
    };

    public static JsonObject Range(int startLine, int startCharacter, int endLine, int endCharacter) => new()
    {
        ["start"] = new JsonObject { ["line"] = startLine, ["character"] = startCharacter },
        ["end"] = new JsonObject { ["line"] = endLine, ["character"] = endCharacter },
    };

    /// <summary>Applies LSP text edits (non-overlapping, any order) the way an editor does.</summary>
    public static string ApplyEdits(string text, JsonArray edits)
    {
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                lineStarts.Add(i + 1);
            }
        }
        int Offset(JsonNode position) => lineStarts[position["line"]!.GetValue<int>()] + position["character"]!.GetValue<int>();
        foreach (var edit in edits.Select(e => e!).OrderByDescending(e => Offset(e["range"]!["start"]!)))
        {
            var start = Offset(edit["range"]!["start"]!);
            var end = Offset(edit["range"]!["end"]!);
            text = text[..start] + edit["newText"]!.GetValue<string>() + text[end..];
        }
        return text;
    }

    private string Run(string fileName, params string[] args)
    {
        var info = new ProcessStartInfo(fileName) { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1"; // no build servers left behind by restore
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{fileName} {string.Join(' ', args)} failed: {error}{output.Result}");
        return output.Result;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
