using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace CodeImprove.EndToEnd.Tests;

/// <summary>
/// A repository the user just cloned names a host and a secret in its <c>.codeimprove/config.json</c>: the real server
/// connects to the host (the user may want that) but sends no credential, neither the named one nor the default. The
/// "host" is a loopback socket that records the first request's headers.
/// </summary>
public sealed class UntrustedWorkspaceTests
{
    [Fact]
    public async Task A_workspace_configured_endpoint_gets_no_credential()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var project = SampleProject.Create(workspaceConfig:
            $$"""{ "model": { "endpoint": "http://127.0.0.1:{{port}}/v1", "apiKeyEnvironmentVariable": "GITHUB_TOKEN" } }""");
        await using var server = ServerProcess.Start(environment: new Dictionary<string, string>
        {
            ["GITHUB_TOKEN"] = "ghp_secret_of_the_user",
            ["CODEIMPROVE_API_KEY"] = "the_users_default_key",
        });
        await server.InitializeAsync(rootUri: project.RootUri);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var client = await listener.AcceptTcpClientAsync(timeout.Token);
        var headers = await ReadHeadersAsync(client.GetStream(), timeout.Token);

        Assert.StartsWith("GET /v1/models", headers, StringComparison.Ordinal);
        Assert.DoesNotContain("authorization", headers, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secret", headers, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The user's own endpoint and key variable: trusted, the key goes with it; untrusted (Restricted Mode), it never does.
    /// An endpoint the editor says came from the folder's own settings (.vscode/settings.json) gets none even when trusted.
    /// </summary>
    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public async Task In_an_untrusted_folder_not_even_the_users_own_endpoint_gets_a_credential(bool trusted, bool endpointFromFolderSettings)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var project = SampleProject.Create();
        await using var server = ServerProcess.Start(environment: new Dictionary<string, string> { ["MY_LLM_KEY"] = "the_users_secret" });
        await server.RequestAsync("initialize", new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["rootUri"] = project.RootUri,
            ["capabilities"] = new JsonObject { ["workspace"] = new JsonObject { ["configuration"] = true } },
            ["initializationOptions"] = new JsonObject { ["workspaceTrusted"] = trusted },
        });
        await server.NotifyAsync("initialized", new JsonObject());
        await server.AnswerAsync("workspace/configuration", new JsonArray(new JsonObject
        {
            ["model"] = new JsonObject
            {
                ["endpoint"] = $"http://127.0.0.1:{port}/v1",
                ["apiKeyEnvironmentVariable"] = "MY_LLM_KEY",
                ["endpointFromWorkspace"] = endpointFromFolderSettings,
            },
        }));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var client = await listener.AcceptTcpClientAsync(timeout.Token);
        var headers = await ReadHeadersAsync(client.GetStream(), timeout.Token);

        Assert.StartsWith("GET /v1/models", headers, StringComparison.Ordinal);
        Assert.Equal(trusted && !endpointFromFolderSettings, headers.Contains("Bearer the_users_secret", StringComparison.Ordinal));
    }

    private static async Task<string> ReadHeadersAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (!Encoding.ASCII.GetString([.. received]).Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                break;
            }
            received.AddRange(buffer.AsSpan(0, read).ToArray());
        }
        return Encoding.ASCII.GetString([.. received]);
    }
}
