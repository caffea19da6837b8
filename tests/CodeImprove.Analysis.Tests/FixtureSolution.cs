using CodeImprove.Analysis.Loading;

namespace CodeImprove.Analysis.Tests;

/// <summary>
/// A real multi-project solution written to a temporary folder, restored once with `dotnet restore` (packages come
/// from the local NuGet cache or the registry), and opened once with MSBuildWorkspace for every test in the collection:
/// Lib (Roslynator.Analyzers package, .editorconfig severities and formatting), App (references Lib; a deliberately
/// complex method), Broken (compile errors). Beside them, outside the solution: a project with bad XML, one never restored, and a loose .cs file.
/// </summary>
public sealed class FixtureSolution : IAsyncLifetime
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "codeimprove-analysis-" + Guid.NewGuid().ToString("N")[..8]);

    public string SolutionPath => Path.Combine(Root, "sln", "Fixture.slnx");

    public string GeometryPath => Path.Combine(Root, "Lib", "Geometry.cs");

    public string ProgramPath => Path.Combine(Root, "App", "Program.cs");

    public string ComplexPath => Path.Combine(Root, "App", "Complex.cs");

    public string ErrorsPath => Path.Combine(Root, "Broken", "Errors.cs");

    public string LoosePath => Path.Combine(Root, "loose", "Script.cs");

    public AnalysisWorkspace Workspace { get; private set; } = null!;

    public List<WorkspaceLoadProgress> Progress { get; } = [];

    public async ValueTask InitializeAsync()
    {
        Write("sln/Fixture.slnx", """
            <Solution>
              <Project Path="../Lib/Lib.csproj" />
              <Project Path="../App/App.csproj" />
              <Project Path="../Broken/Broken.csproj" />
            </Solution>
            """);
        Write(".editorconfig", """
            root = true

            [*.cs]
            csharp_new_line_before_open_brace = none
            dotnet_diagnostic.RCS1118.severity = warning
            """);
        Write("Lib/Lib.csproj", Project("""
            <ItemGroup>
              <PackageReference Include="Roslynator.Analyzers" Version="5.0.1" PrivateAssets="all" />
            </ItemGroup>
            """));
        Write("Lib/Geometry.cs", """
            namespace Fixture.Lib;

            public class Geometry {
                public static int Area(int width, int height) {
                    int unused = 0;
                    return width * height;
                }

                public int Scale(int value) {
                    int factor = 3;
                    return value * factor;
                }
            }
            """);
        Write("App/App.csproj", Project("""
            <PropertyGroup><OutputType>Exe</OutputType></PropertyGroup>
            <ItemGroup>
              <ProjectReference Include="../Lib/Lib.csproj" />
            </ItemGroup>
            """));
        Write("App/Program.cs", """
            using Fixture.Lib;

            Console.WriteLine(Geometry.Area(2, 3));
            Console.WriteLine(Fixture.App.Rules.Classify(4, [1, 2], "x"));
            """);
        Write("App/Complex.cs", """
            namespace Fixture.App;

            public static class Rules {
                public static string Classify(int level, int[] values, string? label) {
                    var result = "";
                    for (var i = 0; i < values.Length; i++) {
                        if (values[i] > 0) {
                            while (level > 0) {
                                if (label != null && label.Length > 2) {
                                    foreach (var c in label) {
                                        if (c == 'x' || c == 'y') {
                                            result += c;
                                        }
                                    }
                                }
                                level--;
                            }
                        } else if (values[i] < -10) {
                            result += "low";
                        } else {
                            switch (values[i]) {
                                case -1: result += "a"; break;
                                case -2: result += "b"; break;
                                default: result += label ?? "none"; break;
                            }
                        }
                    }
                    return result.Length > 3 ? result : "short";
                }
            }
            """);
        Write("Broken/Broken.csproj", Project(""));
        Write("Broken/Errors.cs", """
            namespace Fixture.Broken;

            public class Errors {
                public int Run() {
                    int x = "text";
                    int y;
                    return Missing(x);
                }
            }
            """);
        Write("Bad/Bad.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>");
        Write("Bad/Nothing.cs", "class Nothing { }");
        Write("NotRestored/NotRestored.csproj", Project("""
            <ItemGroup>
              <PackageReference Include="Roslynator.Analyzers" Version="5.0.1" PrivateAssets="all" />
            </ItemGroup>
            """));
        Write("NotRestored/Code.cs", "namespace Fixture.NotRestored; public class Code { }");
        Write("loose/Script.cs", """
            var total = 0;
            foreach (var arg in args) {
                total += arg.Length;
            }
            Console.WriteLine(total + undefinedName);
            """);

        var (exitCode, output) = await DotNetCli.RunAsync(Root, "restore", SolutionPath);
        Assert.True(exitCode == 0, "dotnet restore failed:\n" + output);
        Workspace = await AnalysisWorkspace.OpenPathAsync(SolutionPath, new Recorder(Progress));
    }

    public ValueTask DisposeAsync()
    {
        Workspace?.Dispose();
        DotNetCli.DeleteFixture(Root);
        return ValueTask.CompletedTask;
    }

    /// <summary>Every file under the fixture (build outputs included) with its content hash, to prove analysis writes nothing.</summary>
    public Dictionary<string, string> Snapshot() =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => f, f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));

    public void Write(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.ReplaceLineEndings("\n") + "\n");
    }

    private static string Project(string extra) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <Nullable>enable</Nullable>
          </PropertyGroup>
          {extra}
        </Project>
        """;

    /// <summary>Records progress synchronously (Progress&lt;T&gt; would post to the thread pool and race the assertions).</summary>
    private sealed class Recorder(List<WorkspaceLoadProgress> target) : IProgress<WorkspaceLoadProgress>
    {
        public void Report(WorkspaceLoadProgress value)
        {
            lock (target)
            {
                target.Add(value);
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class FixtureCollection : ICollectionFixture<FixtureSolution>
{
    public const string Name = "fixture solution";
}
