using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CodeImprove.Inference.Tests.OpenAi;

/// <summary>
/// Test double of an OpenAI-compatible server (vLLM / llama-server), a real Kestrel listener on 127.0.0.1 with a free
/// port. Each test scripts the answers per path; GET /v1/models lists "coder" unless replaced.
/// </summary>
internal sealed class OpenAiServerDouble : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> routes = new();

    private OpenAiServerDouble(WebApplication app) => this.app = app;

    public ConcurrentQueue<(string Path, string Body, string? Authorization)> Requests { get; } = new();

    public Uri Endpoint => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/v1");

    public static async Task<OpenAiServerDouble> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new OpenAiServerDouble(builder.Build());
        server.Route("/v1/models", context => context.Response.WriteAsync("""{"object":"list","data":[{"id":"coder","max_model_len":8192}]}"""));
        server.app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            server.Requests.Enqueue((context.Request.Path, await reader.ReadToEndAsync(), context.Request.Headers.Authorization.FirstOrDefault()));
            if (server.routes.TryGetValue(context.Request.Path, out var handler))
            {
                await handler(context);
            }
            else
            {
                context.Response.StatusCode = 404;
            }
        });
        await server.app.StartAsync();
        return server;
    }

    public void Route(string path, Func<HttpContext, Task> handler) => routes[path] = handler;

    /// <summary>Writes server-sent events, flushing each so the client sees them one at a time.</summary>
    public static async Task WriteEventsAsync(HttpContext context, IEnumerable<string> data, TimeSpan pause = default)
    {
        context.Response.ContentType = "text/event-stream";
        foreach (var item in data)
        {
            await context.Response.WriteAsync($"data: {item}\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, context.RequestAborted);
            }
        }
    }

    public static string ChatChunk(string content) =>
        System.Text.Json.JsonSerializer.Serialize(new { choices = new[] { new { index = 0, delta = new { content } } } });

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
