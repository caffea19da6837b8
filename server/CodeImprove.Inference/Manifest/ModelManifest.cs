using System.Text.Json;

namespace CodeImprove.Inference.Manifest;

/// <summary>One recommended model of models/models.json.</summary>
public sealed record ManifestModel(string Id, string Name, string File, Uri Url, long ApproximateBytes, string? Sha256, string License);

/// <summary>models/models.json: the recommended GGUF code models, copied beside the assemblies as models/models.json.</summary>
public sealed class ModelManifest(IReadOnlyList<ManifestModel> models)
{
    public IReadOnlyList<ManifestModel> Models { get; } = models;

    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "models", "models.json");

    public static ModelManifest Load(string path)
    {
        using var stream = File.OpenRead(path);
        var document = JsonSerializer.Deserialize<Document>(stream, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
                       ?? throw new ModelException($"{path} is empty");
        return new ModelManifest(document.Models);
    }

    /// <summary>The entry whose file name matches <paramref name="modelPath"/>'s (case-insensitive), if any.</summary>
    public ManifestModel? Find(string modelPath) =>
        Models.FirstOrDefault(m => string.Equals(m.File, Path.GetFileName(modelPath), StringComparison.OrdinalIgnoreCase));

    private sealed record Document(List<ManifestModel> Models);
}
