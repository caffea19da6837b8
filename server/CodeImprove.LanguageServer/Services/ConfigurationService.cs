using System.Text.Json;
using System.Text.Json.Nodes;
using CodeImprove.Engine.Configuration;
using CodeImprove.Protocol;
using Serilog;

namespace CodeImprove.LanguageServer.Services;

/// <summary>
/// The current options: file layers (defaults, workspace) overlaid by the editor's "codeImprove" settings,
/// pulled with <c>workspace/configuration</c> when the client supports it, else taken from
/// <c>workspace/didChangeConfiguration</c>'s payload.
/// </summary>
public sealed class ConfigurationService(ClientConnection client, ILogger log)
{
    public const string Section = "codeImprove";

    private JsonObject fileLayers = new();
    private JsonNode? clientLayer;

    public CodeImproveOptions Current { get; private set; } = new();

    public event Action<CodeImproveOptions>? Changed;

    private bool trusted = true;

    /// <summary>
    /// Reads the file layers. An untrusted workspace's own <c>.codeimprove/config.json</c> is not read, and no credential
    /// is sent to any endpoint while it is open.
    /// </summary>
    public void LoadFiles(string? workspaceFolder, bool workspaceTrusted)
    {
        trusted = workspaceTrusted;
        var (merged, problems) = OptionsLoader.LoadFileLayers(workspaceTrusted ? workspaceFolder : null);
        foreach (var problem in problems)
        {
            log.Warning("Configuration: {Problem}", problem);
        }
        fileLayers = merged;
        Rebuild();
    }

    /// <summary>Pulls the client's settings; a client without <c>workspace/configuration</c> keeps what it pushed.</summary>
    public async Task RefreshFromClientAsync(CancellationToken cancellationToken)
    {
        if (client.Capabilities.Workspace?.Configuration != true)
        {
            return;
        }
        var items = await client.RequestAsync<ConfigurationParams, JsonElement[]>(
            LspMethods.WorkspaceConfiguration, new ConfigurationParams([new ConfigurationItem { Section = Section }]), cancellationToken);
        clientLayer = items is [{ ValueKind: JsonValueKind.Object } settings] ? JsonNode.Parse(settings.GetRawText()) : null;
        Rebuild();
    }

    /// <summary>didChangeConfiguration's payload: either the settings themselves ({"codeImprove": {...}}) or a hint to pull.</summary>
    public void ApplyPushedSettings(JsonElement? settings)
    {
        if (settings is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty(Section, out var section))
        {
            clientLayer = JsonNode.Parse(section.GetRawText());
            Rebuild();
        }
    }

    private void Rebuild()
    {
        try
        {
            var options = OptionsLoader.Bind(OptionsLoader.Overlay(fileLayers, clientLayer));
            Current = trusted ? options : options with { Model = options.Model with { EndpointFromWorkspace = true } };
        }
        catch (JsonException e)
        {
            log.Error("Configuration from the editor does not fit the settings' types ({Message}); keeping the previous configuration", e.Message);
            return;
        }
        Changed?.Invoke(Current);
    }
}
