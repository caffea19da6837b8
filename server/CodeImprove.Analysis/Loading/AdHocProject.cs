using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace CodeImprove.Analysis.Loading;

/// <summary>
/// A single-file project for a .cs file that belongs to no loaded project. It mirrors a .NET file-based app
/// (`dotnet run file.cs`): latest language version, nullable enabled, the SDK's implicit usings, framework references.
/// </summary>
internal static class AdHocProject
{
    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    public static Solution Add(Solution solution, string filePath, SourceText text)
    {
        var projectId = ProjectId.CreateNewId(filePath);
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var hasTopLevelStatements = CSharpSyntaxTree.ParseText(text, parseOptions).GetCompilationUnitRoot().Members.OfType<Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax>().Any();
        var compilationOptions = new CSharpCompilationOptions(hasTopLevelStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);
        var name = Path.GetFileNameWithoutExtension(filePath);
        var project = ProjectInfo.Create(projectId, VersionStamp.Create(), name, name, LanguageNames.CSharp,
                compilationOptions: compilationOptions, parseOptions: parseOptions, metadataReferences: FrameworkReferences.All)
            .WithDocuments(
            [
                DocumentInfo.Create(DocumentId.CreateNewId(projectId, filePath), Path.GetFileName(filePath),
                    loader: TextLoader.From(TextAndVersion.Create(text, VersionStamp.Create(), filePath)), filePath: filePath),
                DocumentInfo.Create(DocumentId.CreateNewId(projectId), name + ".GlobalUsings.g.cs",
                    loader: TextLoader.From(TextAndVersion.Create(SourceText.From(ImplicitUsings), VersionStamp.Create()))),
            ]);
        return solution.AddProject(project);
    }

    /// <summary>Whether a project was made here (its documents are loose files, not a project's).</summary>
    public static bool IsAdHoc(Project project) => project.FilePath is null;
}
