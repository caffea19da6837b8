using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CodeImprove.Analysis.Tests;

/// <summary>
/// A real third-party analyzer package, misbehaving: an analyzer assembly compiled here with Roslyn from the source below
/// and referenced by a restored project as an &lt;Analyzer&gt;. Its analyzer reports FLT001 on `x + 0`; three fix providers
/// offer fixes for it: one that works (drops the `+ 0`), one whose RegisterCodeFixesAsync throws, and one whose action
/// throws when its edits are computed. (Also compiled into the engine tests.)
/// </summary>
internal static class FaultyFixerProject
{
    public const string WorkingFixTitle = "Drop the addition of zero";
    public const string ThrowingActionTitle = "Rewrite (throws)";

    private const string AnalyzerSource = """
        using System;
        using System.Collections.Immutable;
        using System.Composition;
        using System.Threading.Tasks;
        using Microsoft.CodeAnalysis;
        using Microsoft.CodeAnalysis.CodeActions;
        using Microsoft.CodeAnalysis.CodeFixes;
        using Microsoft.CodeAnalysis.CSharp;
        using Microsoft.CodeAnalysis.CSharp.Syntax;
        using Microsoft.CodeAnalysis.Diagnostics;

        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        public sealed class AddZeroAnalyzer : DiagnosticAnalyzer
        {
            public static readonly DiagnosticDescriptor Rule = new("FLT001", "Adding zero", "Adding zero does nothing", "Usage", DiagnosticSeverity.Warning, true);
            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);
            public override void Initialize(AnalysisContext context)
            {
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.EnableConcurrentExecution();
                context.RegisterSyntaxNodeAction(c =>
                {
                    var add = (BinaryExpressionSyntax)c.Node;
                    if (add.Right is LiteralExpressionSyntax { Token.ValueText: "0" })
                    {
                        c.ReportDiagnostic(Diagnostic.Create(Rule, add.GetLocation()));
                    }
                }, SyntaxKind.AddExpression);
            }
        }

        [ExportCodeFixProvider(LanguageNames.CSharp), Shared]
        public sealed class DropZeroFix : CodeFixProvider
        {
            public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("FLT001");
            public override Task RegisterCodeFixesAsync(CodeFixContext context)
            {
                context.RegisterCodeFix(CodeAction.Create("Drop the addition of zero", async ct =>
                {
                    var root = await context.Document.GetSyntaxRootAsync(ct);
                    var add = (BinaryExpressionSyntax)root!.FindNode(context.Span, getInnermostNodeForTie: true);
                    return context.Document.WithSyntaxRoot(root.ReplaceNode(add, add.Left.WithTriviaFrom(add)));
                }, "drop-zero"), context.Diagnostics);
                return Task.CompletedTask;
            }
        }

        [ExportCodeFixProvider(LanguageNames.CSharp), Shared]
        public sealed class ThrowsWhileRegistering : CodeFixProvider
        {
            public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("FLT001");
            public override Task RegisterCodeFixesAsync(CodeFixContext context) => throw new InvalidOperationException("registering failed");
        }

        [ExportCodeFixProvider(LanguageNames.CSharp), Shared]
        public sealed class ThrowsWhileApplying : CodeFixProvider
        {
            public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("FLT001");
            public override Task RegisterCodeFixesAsync(CodeFixContext context)
            {
                context.RegisterCodeFix(CodeAction.Create("Rewrite (throws)", new Func<System.Threading.CancellationToken, Task<Document>>(_ => throw new InvalidOperationException("applying failed")), "throws"), context.Diagnostics);
                return Task.CompletedTask;
            }
        }
        """;

    /// <summary>Writes the analyzer assembly and a project that references it, with <paramref name="code"/> as Code.cs, and restores it.</summary>
    public static async Task<(string Project, string CodePath)> CreateAsync(string root, string code, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(root);
        var analyzerPath = Path.Combine(root, "FaultyFixers.dll");
        CompileAnalyzer(analyzerPath);
        var project = Path.Combine(root, "Faulty.csproj");
        await File.WriteAllTextAsync(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <Analyzer Include="{analyzerPath}" />
              </ItemGroup>
            </Project>
            """, cancellationToken);
        var codePath = Path.Combine(root, "Code.cs");
        await File.WriteAllTextAsync(codePath, code, cancellationToken);

        var start = new ProcessStartInfo("dotnet", ["restore", project, "-nodeReuse:false"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var restore = Process.Start(start)!;
        var output = restore.StandardOutput.ReadToEndAsync(cancellationToken);
        await restore.WaitForExitAsync(cancellationToken);
        Assert.True(restore.ExitCode == 0, "dotnet restore failed: " + await output);
        return (project, codePath);
    }

    /// <summary>Compiles against the running framework and Roslyn, the way a package's analyzer is built against its host.</summary>
    private static void CompileAnalyzer(string path)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll"
                || Path.GetFileName(p).StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("FaultyFixers", [CSharpSyntaxTree.ParseText(AnalyzerSource)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var result = compilation.Emit(path);
        Assert.True(result.Success, "the test analyzer does not compile: " + string.Join("; ", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
    }
}
