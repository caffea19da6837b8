using System.Text.Json.Nodes;

namespace CodeImprove.Engine.Configuration;

/// <summary>
/// What a workspace's own <c>.codeimprove/config.json</c> may not decide, because whoever wrote the repository is not the
/// user: which environment variable holds a credential, whether a credential goes to the endpoint it names, and state
/// outside the workspace folder. The user's settings (the editor's, or a later layer) decide those.
/// </summary>
internal static class WorkspaceRules
{
    private const string EndpointFromWorkspace = "endpointFromWorkspace";

    /// <summary>The workspace layer with what it may not set removed (each removal reported), and its endpoint marked.</summary>
    public static JsonObject Restrict(JsonObject workspace, string folder, string file, List<string> problems)
    {
        if (Section(workspace, "model") is { } model)
        {
            if (Remove(model, "apiKeyEnvironmentVariable"))
            {
                problems.Add($"{file}: model.apiKeyEnvironmentVariable is ignored in a workspace's configuration (a cloned repository could name any secret); " +
                             "set codeImprove.model.apiKeyEnvironmentVariable in your user settings instead.");
            }
            Remove(model, EndpointFromWorkspace);
            if (Get(model, "endpoint") is { } endpoint && endpoint.GetValueKind() != System.Text.Json.JsonValueKind.Null)
            {
                model[EndpointFromWorkspace] = true; // no credential goes to it unless the user's settings choose the endpoint too
            }
        }
        if (Section(workspace, "memory") is { } memory && Get(memory, "databasePath") is JsonValue value && value.TryGetValue<string>(out var databasePath)
            && !FolderPaths.IsInside(folder, databasePath))
        {
            Remove(memory, "databasePath");
            problems.Add($"{file}: memory.databasePath '{databasePath}' is outside the workspace folder and is ignored; the episode database stays in " +
                         ".codeimprove/ (set codeImprove.memory.databasePath in your user settings to move it).");
        }
        return workspace;
    }

    /// <summary>
    /// The editor's layer: an endpoint the user set is theirs, so its credential may be sent, unless the editor says the
    /// endpoint came from the folder's own settings (VS Code's .vscode/settings.json: the client knows each value's scope).
    /// </summary>
    public static JsonObject FromUser(JsonObject user)
    {
        var copy = (JsonObject)user.DeepClone();
        if (Section(copy, "model") is { } model)
        {
            var fromFolder = Get(model, EndpointFromWorkspace) is JsonValue marked && marked.TryGetValue<bool>(out var flag) && flag;
            Remove(model, EndpointFromWorkspace);
            if (Get(model, "endpoint") is not null)
            {
                model[EndpointFromWorkspace] = fromFolder;
            }
        }
        return copy;
    }

    private static JsonObject? Section(JsonObject layer, string name) =>
        layer.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value as JsonObject;

    private static JsonNode? Get(JsonObject section, string name) =>
        section.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static bool Remove(JsonObject section, string name)
    {
        var key = section.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
        return key is not null && section.Remove(key);
    }
}
