namespace CodeImprove.LanguageServer.Documents;

/// <summary>Converts between LSP document URIs and local paths.</summary>
public static class DocumentUris
{
    public static string ToPath(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile ? parsed.LocalPath : uri;

    public static string FromPath(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;
}
