using System.Text.RegularExpressions;
using CodeImprove.Analysis.Diagnostics;
using CodeImprove.Analysis.Loading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CodeImprove.Analysis;

/// <summary>
/// One file as the compilers see it: a document per project that compiles it (a multi-targeting project is one Roslyn
/// project per target framework; a linked file belongs to several projects). Each has a label: the target framework
/// when all are frameworks of one project file, else the project's name. A finding only some of them have names them.
/// </summary>
internal sealed partial class FileInProjects
{
    private readonly IReadOnlyDictionary<DocumentId, string> _labels;

    private FileInProjects(IReadOnlyList<Document> documents, IReadOnlyDictionary<DocumentId, string> labels)
    {
        Documents = documents;
        _labels = labels;
    }

    /// <summary>The primary document first (see <see cref="FindAsync"/>), then the others in solution order.</summary>
    public IReadOnlyList<Document> Documents { get; }

    public Document Primary => Documents[0];

    public string LabelOf(Document document) => _labels[document.Id];

    /// <summary>
    /// The documents of the file, or null when no project holds it. Real projects win over an ad-hoc one. The primary is
    /// the first project in which <paramref name="position"/> is compiled code rather than text an <c>#if</c> leaves out.
    /// </summary>
    public static async Task<FileInProjects?> FindAsync(Solution solution, string fullPath, SourcePosition? position, CancellationToken cancellationToken)
    {
        var all = solution.GetDocumentIdsWithFilePath(fullPath).Select(solution.GetDocument).OfType<Document>().ToList();
        var real = all.Where(d => !AdHocProject.IsAdHoc(d.Project)).ToList();
        var documents = real.Count > 0 ? real : all.Take(1).ToList();
        if (documents.Count == 0)
        {
            return null;
        }
        if (position is { } at && documents.Count > 1)
        {
            var offset = new SourceRange(at, at).ToTextSpan(await documents[0].GetTextAsync(cancellationToken)).Start;
            var compiled = new HashSet<DocumentId>();
            foreach (var document in documents)
            {
                if (await IsCompiledAtAsync(document, offset, cancellationToken))
                {
                    compiled.Add(document.Id);
                }
            }
            documents = [.. documents.OrderBy(d => compiled.Contains(d.Id) ? 0 : 1)];
        }
        var oneProjectFile = documents.Select(d => d.Project.FilePath).Distinct(StringComparer.Ordinal).Count() == 1;
        var labels = documents.ToDictionary(d => d.Id, d => oneProjectFile && FrameworkSuffix().Match(d.Project.Name) is { Success: true } m ? m.Groups[1].Value : d.Project.Name);
        return new FileInProjects(documents, labels);
    }

    /// <summary>
    /// Findings of every document as one list. A finding every document has (same file, range, rule and message) is
    /// listed once as it is; one that only some have says which: "... (in netstandard2.0 only)".
    /// </summary>
    public IReadOnlyList<AnalysisDiagnostic> Merge(IReadOnlyList<(Document Document, IReadOnlyList<AnalysisDiagnostic> Findings)> perDocument)
    {
        if (perDocument.Count == 1)
        {
            return perDocument[0].Findings;
        }
        var seenIn = new Dictionary<(string, SourceRange, string, string), List<string>>();
        var order = new List<AnalysisDiagnostic>();
        foreach (var (document, findings) in perDocument)
        {
            foreach (var finding in findings)
            {
                var key = (finding.FilePath, finding.Range, finding.Id, finding.Message);
                if (!seenIn.TryGetValue(key, out var labels))
                {
                    seenIn[key] = labels = [];
                    order.Add(finding);
                }
                if (!labels.Contains(LabelOf(document)))
                {
                    labels.Add(LabelOf(document));
                }
            }
        }
        var everywhere = perDocument.Select(p => LabelOf(p.Document)).Distinct().Count();
        return order.Select(d => seenIn[(d.FilePath, d.Range, d.Id, d.Message)] is var labels && labels.Count < everywhere
            ? d with { Message = $"{d.Message} (in {string.Join(", ", labels)} only)" }
            : d).ToList();
    }

    private static async Task<bool> IsCompiledAtAsync(Document document, int position, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken);
        return root is null || root.FullSpan.Length == 0
            || !root.FindTrivia(Math.Min(position, root.FullSpan.End - 1), findInsideTrivia: true).IsKind(SyntaxKind.DisabledTextTrivia);
    }

    [GeneratedRegex(@"^.+\(([^()]+)\)$")]
    private static partial Regex FrameworkSuffix();
}
