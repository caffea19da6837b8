namespace CodeImprove.Analysis.Tests;

/// <summary>
/// A real library that targets net10.0 and netstandard2.0 (one Roslyn project per framework), restored once and opened
/// with MSBuildWorkspace. Counts.cs uses an API only net10.0 has a replacement for and a member only netstandard2.0
/// compiles; Sizes.cs passes an array that a collection expression would turn into a span; Layout.cs is an LF file with odd formatting under an .editorconfig that asks for CRLF and other styles.
/// </summary>
public sealed class MultiTargetProject : IAsyncLifetime
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "codeimprove-multitarget-" + Guid.NewGuid().ToString("N")[..8]);

    public string CountsPath => Path.Combine(Root, "Counts.cs");

    public string LayoutPath => Path.Combine(Root, "Layout.cs");

    public string SizesPath => Path.Combine(Root, "Sizes.cs");

    public AnalysisWorkspace Workspace { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        Write(".editorconfig", """
            root = true

            [*.cs]
            end_of_line = crlf
            csharp_new_line_before_open_brace = all
            csharp_space_after_keywords_in_control_flow_statements = true
            """);
        Write("Multi.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFrameworks>net10.0;netstandard2.0</TargetFrameworks>
                <LangVersion>latest</LangVersion>
              </PropertyGroup>
            </Project>
            """);
        Write("Counts.cs", """
            using System.Collections.Generic;

            namespace Multi
            {
                public static class Counts
                {
                    public static void Add(Dictionary<string, int> counts, string key)
                    {
                        if (!counts.ContainsKey(key))
                        {
                            counts.Add(key, 1);
                        }
                    }

            #if NETSTANDARD2_0
                    public static int Legacy(int value)
                    {
                        int unused = 0;
                        return value;
                    }
            #endif
                }
            }
            """);
        Write("Layout.cs", """
            namespace Multi
            {
                public static class Layout
                {
                    public static int Pick(int a, int b){
                        if(a>b){ return a; }
                        int total = a+b;
                        return total;
                    }
                }
            }
            """);
        Write("Sizes.cs", """
            using System.Text;

            namespace Multi
            {
                public static class Sizes
                {
                    public static int Of(Encoding encoding, char c)
                    {
                        return encoding.GetByteCount(new char[] { c });
                    }
                }
            }
            """);
        var (exitCode, output) = await DotNetCli.RunAsync(Root, "restore", Path.Combine(Root, "Multi.csproj"));
        Assert.True(exitCode == 0, "dotnet restore failed:\n" + output);
        Workspace = await AnalysisWorkspace.OpenPathAsync(Root);
    }

    public ValueTask DisposeAsync()
    {
        Workspace?.Dispose();
        DotNetCli.DeleteFixture(Root);
        return ValueTask.CompletedTask;
    }

    private void Write(string relativePath, string content) =>
        File.WriteAllText(Path.Combine(Root, relativePath), content.ReplaceLineEndings("\n") + "\n");
}
