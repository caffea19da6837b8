using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Polly;
using Polly.Timeout;

namespace CodeImprove.Inference.OpenAi;

/// <summary>
/// A model served by an OpenAI-compatible server (vLLM, llama-server, ...): streaming chat and text completions over
/// server-sent events, embeddings, and a /v1/models health check. This is how many editors share one large GPU.
/// </summary>
public sealed class OpenAiModel : IModel
{
    private readonly HttpClient http;
    private readonly Uri baseAddress;
    private readonly string modelName;
    private readonly TimeSpan idleTimeout;
    private readonly ResiliencePipeline<HttpResponseMessage> resilience;

    /// <summary>Set once the server turns out to have no /tokenize (LM Studio, Ollama): tokens are then estimated.</summary>
    private volatile bool estimateTokens;

    /// <summary>
    /// UTF-8 bytes per token for the estimate: 3 is below what code tokenizers average (about 3.5 to 4), so prompts are
    /// over-counted rather than overflow the context; the server's reported usage calibrates it (see <see cref="Calibrate"/>).
    /// </summary>
    private double bytesPerToken = 3.0;

    private OpenAiModel(HttpClient http, Uri baseAddress, string modelName, int contextSize, ModelOptions options, TimeSpan retryDelay)
    {
        this.http = http;
        this.baseAddress = baseAddress;
        this.modelName = modelName;
        idleTimeout = options.RequestTimeout;
        resilience = OpenAiResilience.Create(options, retryDelay);
        Description = new ModelDescription(modelName, $"endpoint {baseAddress}", contextSize);
    }

    public ModelDescription Description { get; }

    public int ContextSize => Description.ContextSize;

    /// <summary>Checks the endpoint with GET /models and picks the configured model (or the first listed).</summary>
    /// <param name="retryDelay">First backoff delay (tests shorten it); 500 ms by default.</param>
    public static async Task<OpenAiModel> ConnectAsync(ModelOptions options, HttpMessageHandler? handler = null,
        TimeSpan? retryDelay = null, CancellationToken cancellationToken = default)
    {
        var endpoint = options.Endpoint ?? throw new ModelException("model.endpoint is not set");
        var baseAddress = new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/");
        // The pipeline's timeout governs each attempt; HttpClient's own would cut long streams.
        var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.Timeout = Timeout.InfiniteTimeSpan;
        if (options.ApiKeyEnvironmentVariable is { Length: > 0 } variable && Environment.GetEnvironmentVariable(variable) is { Length: > 0 } key)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        var delay = retryDelay ?? TimeSpan.FromMilliseconds(500);
        var connecting = new OpenAiModel(http, baseAddress, options.EndpointModel ?? "", options.ContextSize, options, delay);
        try
        {
            using var models = await connecting.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, new Uri(baseAddress, "models")), cancellationToken);
            var listed = (await ReadJsonAsync(models, cancellationToken))?["data"]?.AsArray() ?? [];
            var chosen = options.EndpointModel is { } wanted
                ? listed.FirstOrDefault(m => (string?)m?["id"] == wanted) ?? throw new ModelException(
                    $"{baseAddress} does not serve model '{wanted}' (it lists: {string.Join(", ", listed.Select(m => (string?)m?["id"]))}); fix model.endpointModel")
                : listed.FirstOrDefault() ?? throw new ModelException($"{baseAddress} lists no models; start the server with a model loaded");
            var context = (int?)chosen!["max_model_len"] ?? options.ContextSize;
            return new OpenAiModel(http, baseAddress, (string)chosen["id"]!, context, options, delay);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    public IAsyncEnumerable<string> StreamChatAsync(IReadOnlyList<ChatMessage> messages, SamplingSettings sampling,
        CancellationToken cancellationToken = default)
    {
        var body = Body(sampling);
        body["messages"] = JsonSerializer.SerializeToNode(messages.Select(m => new { role = m.Role, content = m.Content }));
        return StreamAsync("chat/completions", body, sampling, chunk => (string?)chunk["delta"]?["content"], string.Concat(messages.Select(m => m.Content)), cancellationToken);
    }

    public IAsyncEnumerable<string> StreamCompletionAsync(string prompt, SamplingSettings sampling, CancellationToken cancellationToken = default)
    {
        var body = Body(sampling);
        body["prompt"] = prompt;
        return StreamAsync("completions", body, sampling, chunk => (string?)chunk["text"], prompt, cancellationToken);
    }

    private JsonObject Body(SamplingSettings sampling)
    {
        var body = new JsonObject
        {
            ["model"] = modelName,
            ["stream"] = true,
            ["temperature"] = sampling.IsGreedy ? 0 : sampling.Temperature,
            ["top_p"] = sampling.IsGreedy ? 1 : sampling.TopP,
            ["max_tokens"] = sampling.MaxTokens,
            ["seed"] = sampling.Seed,
        };
        if (!sampling.IsGreedy && sampling.TopK > 0)
        {
            body["top_k"] = sampling.TopK; // vLLM and llama-server extension
        }
        if (sampling.Stop.Count > 0)
        {
            body["stop"] = JsonSerializer.SerializeToNode(sampling.Stop);
        }
        return body;
    }

    private async IAsyncEnumerable<string> StreamAsync(string path, JsonObject body, SamplingSettings sampling,
        Func<JsonNode, string?> textOf, string promptText, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (estimateTokens)
        {
            body["stream_options"] = new JsonObject { ["include_usage"] = true }; // the usage calibrates the estimate
        }
        var json = body.ToJsonString();
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, path))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        }, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        // Servers that ignore "stop" still end where asked.
        var stops = new StopStringFilter(sampling.Stop);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        while (true)
        {
            idle.CancelAfter(idleTimeout);
            string? line;
            try
            {
                line = await reader.ReadLineAsync(idle.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ModelException($"{baseAddress} sent nothing for {idleTimeout.TotalSeconds:0} s while streaming; the server may be overloaded (model.requestTimeout)");
            }
            if (line is null || line == "data: [DONE]")
            {
                break;
            }
            if (!line.StartsWith("data:", StringComparison.Ordinal))
            {
                continue; // blank separators, ": keep-alive" comments, event names
            }
            var chunk = ParseChunk(line["data:".Length..]);
            if ((int?)chunk?["usage"]?["prompt_tokens"] is > 0 and var promptTokens)
            {
                Calibrate(promptText, promptTokens);
            }
            var choice = chunk?["choices"] is JsonArray { Count: > 0 } choices ? choices[0] : null; // the usage chunk has none
            var text = choice is null ? null : textOf(choice);
            var safe = stops.Push(text ?? "");
            if (safe.Length > 0)
            {
                yield return safe;
            }
            if (stops.Stopped)
            {
                yield break;
            }
        }
        var rest = stops.Flush();
        if (rest.Length > 0)
        {
            yield return rest;
        }
    }

    private JsonNode? ParseChunk(string data)
    {
        JsonNode? chunk;
        try
        {
            chunk = JsonNode.Parse(data);
        }
        catch (JsonException e)
        {
            throw new ModelException($"{baseAddress} sent a stream chunk that is not JSON: {Excerpt(data)}", e);
        }
        if (chunk?["error"] is { } error)
        {
            throw new ModelException($"{baseAddress} reported an error while streaming: {(string?)error["message"] ?? error.ToJsonString()}");
        }
        return chunk;
    }

    public async ValueTask<float[]> EmbedAsync(string text, CancellationToken cancellationToken = default)
    {
        var json = new JsonObject { ["model"] = modelName, ["input"] = text }.ToJsonString();
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, "embeddings"))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        }, cancellationToken);
        var vector = (await ReadJsonAsync(response, cancellationToken))?["data"]?[0]?["embedding"]?.Deserialize<float[]>()
                     ?? throw new ModelException($"{baseAddress}embeddings answered without data[0].embedding; is '{modelName}' an embedding model?");
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return norm > 0 ? vector.Select(v => v / norm).ToArray() : vector;
    }

    /// <summary>
    /// POST /tokenize at the server root (vLLM and llama-server). A server without it (LM Studio, Ollama, OpenAI) gets a
    /// conservative estimate instead, calibrated by the prompt token counts its replies report; a run never fails for it.
    /// </summary>
    public async ValueTask<int> CountTokensAsync(string text, CancellationToken cancellationToken = default)
    {
        if (estimateTokens)
        {
            return Estimate(text);
        }
        var root = new Uri(baseAddress, baseAddress.AbsolutePath.EndsWith("/v1/", StringComparison.Ordinal) ? "../tokenize" : "tokenize");
        var json = new JsonObject { ["model"] = modelName, ["prompt"] = text, ["content"] = text, ["add_special"] = false }.ToJsonString();
        HttpResponseMessage response;
        try
        {
            response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, root)
            {
                Content = new StringContent(json, Encoding.UTF8, "application/json"),
            }, cancellationToken);
        }
        catch (ModelException e) when (e.InnerException is HttpRequestException { StatusCode: HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed })
        {
            estimateTokens = true;
            return Estimate(text);
        }
        using (response)
        {
            var answer = await ReadJsonAsync(response, cancellationToken);
            return (int?)answer?["count"] ?? answer?["tokens"]?.AsArray().Count
                ?? throw new ModelException($"{root} answered without a token count");
        }
    }

    private int Estimate(string text) => (int)Math.Ceiling(Encoding.UTF8.GetByteCount(text) / bytesPerToken);

    /// <summary>Learns bytes per token from a reply's usage, keeping a 10% margin and a sane range (1.5 to 6).</summary>
    private void Calibrate(string promptText, int promptTokens)
    {
        var bytes = Encoding.UTF8.GetByteCount(promptText);
        if (bytes > 200)
        {
            bytesPerToken = Math.Clamp(0.9 * bytes / promptTokens, 1.5, 6.0);
        }
    }

    /// <summary>Sends with retries; returns a success response (headers read) or throws a <see cref="ModelException"/> saying what to fix.</summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await resilience.ExecuteAsync(
                async token => await http.SendAsync(request(), HttpCompletionOption.ResponseHeadersRead, token), cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new ModelException($"cannot reach {baseAddress}: {e.Message}. Check model.endpoint and that the server is running.", e);
        }
        catch (TimeoutRejectedException e)
        {
            throw new ModelException($"{baseAddress} did not answer within {idleTimeout.TotalSeconds:0} s; the server may be overloaded (model.requestTimeout)", e);
        }
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var status = (int)response.StatusCode;
            var fix = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? " Set the API key in the environment variable named by model.apiKeyEnvironmentVariable."
                : "";
            throw new ModelException($"{response.RequestMessage?.RequestUri} answered {status} {response.ReasonPhrase}: {Excerpt(body)}.{fix}",
                new HttpRequestException(response.ReasonPhrase, null, response.StatusCode));
        }
    }

    private static async Task<JsonNode?> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new ModelException($"{response.RequestMessage?.RequestUri} answered with something that is not JSON: {Excerpt(text)}", e);
        }
    }

    private static string Excerpt(string text) => text.Length <= 200 ? text : text[..200] + "...";

    public ValueTask DisposeAsync()
    {
        http.Dispose();
        return default;
    }
}
