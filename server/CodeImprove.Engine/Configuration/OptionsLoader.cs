using System.Text.Json;
using System.Text.Json.Nodes;

namespace CodeImprove.Engine.Configuration;

/// <summary>
/// Builds <see cref="CodeImproveOptions"/> from layers, later ones winning key by key:
/// the built-in defaults (config/codeimprove.json beside the executable), the workspace's
/// .codeimprove/config.json, then the editor's settings.
/// </summary>
public static class OptionsLoader
{
    public const string WorkspaceConfigRelativePath = ".codeimprove/config.json";

    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static string DefaultsPath => Path.Combine(AppContext.BaseDirectory, "config", "codeimprove.json");

    /// <summary>
    /// Loads defaults and the workspace file (under <see cref="WorkspaceRoot"/> of the folder); a broken workspace file is
    /// reported, not fatal.
    /// </summary>
    public static (JsonObject Merged, IReadOnlyList<string> Problems) LoadFileLayers(string? folder)
    {
        var problems = new List<string>();
        var merged = ReadObject(DefaultsPath, problems, required: true) ?? new JsonObject();
        if (folder is not null)
        {
            var workspaceFolder = WorkspaceRoot.Of(folder);
            var workspaceFile = Path.Combine(workspaceFolder, WorkspaceConfigRelativePath);
            if (File.Exists(workspaceFile) && ReadObject(workspaceFile, problems, required: false) is { } workspace)
            {
                Merge(merged, WorkspaceRules.Restrict(workspace, workspaceFolder, workspaceFile, problems));
            }
        }
        return (merged, problems);
    }

    /// <summary>Overlays one more layer (e.g. the editor's settings) on a copy of <paramref name="baseLayers"/>.</summary>
    public static JsonObject Overlay(JsonObject baseLayers, JsonNode? layer)
    {
        var result = (JsonObject)baseLayers.DeepClone();
        if (layer is JsonObject obj)
        {
            Merge(result, WorkspaceRules.FromUser(obj));
        }
        return result;
    }

    public static CodeImproveOptions Bind(JsonObject merged) =>
        merged.Deserialize<CodeImproveOptions>(SerializerOptions)
        ?? throw new InvalidOperationException("Configuration is empty.");

    private static JsonObject? ReadObject(string path, List<string> problems, bool required)
    {
        try
        {
            var node = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (node is JsonObject obj)
            {
                return obj;
            }
            problems.Add($"{path}: expected a JSON object; the file is ignored.");
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            if (required || e is not FileNotFoundException)
            {
                problems.Add($"{path}: {e.Message} The file is ignored.");
            }
        }
        return null;
    }

    /// <summary>Objects merge key by key; anything else (including null) replaces. Keys match case-insensitively.</summary>
    private static void Merge(JsonObject target, JsonObject layer)
    {
        foreach (var (key, value) in layer)
        {
            var existingKey = target.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) ?? key;
            if (value is JsonObject child && target[existingKey] is JsonObject existing)
            {
                Merge(existing, child);
            }
            else
            {
                target.Remove(existingKey);
                target[existingKey] = value?.DeepClone();
            }
        }
    }
}
