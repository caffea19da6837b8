namespace CodeImprove.Analysis;

/// <summary>A request the analysis cannot serve, with a reason a user can act on.</summary>
public class AnalysisException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The path is neither in a loaded project nor an open loose file.</summary>
public sealed class DocumentNotFoundException(string path)
    : AnalysisException($"'{path}' is not a C# document of the loaded projects and is not open");
