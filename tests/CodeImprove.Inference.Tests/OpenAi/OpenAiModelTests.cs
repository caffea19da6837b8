using System.Text.Json.Nodes;
using CodeImprove.Inference.OpenAi;
using CodeImprove.Inference.Tests.Llama;
using Microsoft.AspNetCore.Http;

namespace CodeImprove.Inference.Tests.OpenAi;

/// <summary>The OpenAI-compatible client against <see cref="OpenAiServerDouble"/>, a scripted local server.</summary>
public sealed class OpenAiModelTests : IAsyncLifetime
{
    private OpenAiServerDouble server = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => server = await OpenAiServerDouble.StartAsync();

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    private Task<OpenAiModel> ConnectAsync(ModelOptions? options = null) =>
        OpenAiModel.ConnectAsync((options ?? new ModelOptions()) with { Endpoint = server.Endpoint }, retryDelay: TimeSpan.FromMilliseconds(10), cancellationToken: Token);

    [Fact]
    public async Task The_health_check_picks_the_listed_model_and_its_context()
    {
        await using var model = await ConnectAsync();

        Assert.Equal("coder", model.Description.Name);
        Assert.Equal(8192, model.ContextSize);
    }

    [Fact]
    public async Task A_model_the_server_does_not_list_is_named_in_the_error()
    {
        var error = await Assert.ThrowsAsync<ModelException>(() => ConnectAsync(new ModelOptions { EndpointModel = "gpt-9" }));

        Assert.Contains("'gpt-9'", error.Message);
        Assert.Contains("coder", error.Message);
        Assert.Contains("model.endpointModel", error.Message);
    }

    [Fact]
    public async Task An_unreachable_endpoint_says_so()
    {
        var options = new ModelOptions { Endpoint = new Uri("http://127.0.0.1:1/v1"), MaxRetries = 1 };

        var error = await Assert.ThrowsAsync<ModelException>(() => OpenAiModel.ConnectAsync(options, retryDelay: TimeSpan.FromMilliseconds(1), cancellationToken: Token));

        Assert.Contains("cannot reach http://127.0.0.1:1/v1/", error.Message);
        Assert.Contains("model.endpoint", error.Message);
    }

    [Fact]
    public async Task Chat_streams_the_deltas_and_sends_the_sampling_settings()
    {
        server.Route("/v1/chat/completions", context => OpenAiServerDouble.WriteEventsAsync(context,
            [OpenAiServerDouble.ChatChunk("public "), OpenAiServerDouble.ChatChunk("int "), """{"choices":[{"delta":{},"finish_reason":"stop"}]}""", "[DONE]"]));
        await using var model = await ConnectAsync();
        var chunks = new List<string>();

        await foreach (var chunk in model.StreamChatAsync([ChatMessage.User("write")], new SamplingSettings { Temperature = 0.7f, TopK = 20, Seed = 9, Stop = ["```"] }, Token))
        {
            chunks.Add(chunk);
        }

        Assert.Equal(["public ", "int "], chunks);
        var request = JsonNode.Parse(server.Requests.Last(r => r.Path == "/v1/chat/completions").Body)!;
        Assert.Equal("coder", (string?)request["model"]);
        Assert.True((bool)request["stream"]!);
        Assert.Equal(0.7f, (float)request["temperature"]!);
        Assert.Equal(20, (int)request["top_k"]!);
        Assert.Equal(9, (int)request["seed"]!);
        Assert.Equal("```", (string?)request["stop"]![0]);
        Assert.Equal("user", (string?)request["messages"]![0]!["role"]);
    }

    [Fact]
    public async Task Text_completion_reads_the_text_field()
    {
        server.Route("/v1/completions", context => OpenAiServerDouble.WriteEventsAsync(context,
            ["""{"choices":[{"text":"there was"}]}""", """{"choices":[{"text":" a cat"}]}""", "[DONE]"]));
        await using var model = await ConnectAsync();

        Assert.Equal("there was a cat", await model.StreamCompletionAsync("Once", SamplingSettings.Greedy, Token).CollectAsync());
        Assert.Equal("Once", (string?)JsonNode.Parse(server.Requests.Last().Body)!["prompt"]);
    }

    [Fact]
    public async Task A_503_is_retried_with_backoff()
    {
        var attempts = 0;
        server.Route("/v1/chat/completions", context =>
        {
            if (Interlocked.Increment(ref attempts) <= 2)
            {
                context.Response.StatusCode = 503;
                return context.Response.WriteAsync("loading model");
            }
            return OpenAiServerDouble.WriteEventsAsync(context, [OpenAiServerDouble.ChatChunk("ok"), "[DONE]"]);
        });
        await using var model = await ConnectAsync(new ModelOptions { MaxRetries = 3 });

        Assert.Equal("ok", await model.StreamChatAsync([ChatMessage.User("x")], SamplingSettings.Greedy, Token).CollectAsync());
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task A_client_error_is_not_retried_and_the_body_is_shown()
    {
        var attempts = 0;
        server.Route("/v1/chat/completions", context =>
        {
            Interlocked.Increment(ref attempts);
            context.Response.StatusCode = 400;
            return context.Response.WriteAsync("""{"error":{"message":"max_tokens is too large"}}""");
        });
        await using var model = await ConnectAsync();

        var error = await Assert.ThrowsAsync<ModelException>(() => model.StreamChatAsync([ChatMessage.User("x")], SamplingSettings.Greedy, Token).CollectAsync());

        Assert.Equal(1, attempts);
        Assert.Contains("400", error.Message);
        Assert.Contains("max_tokens is too large", error.Message);
    }

    [Fact]
    public async Task A_server_that_stops_sending_times_out_with_a_clear_error()
    {
        server.Route("/v1/chat/completions", async context =>
        {
            await OpenAiServerDouble.WriteEventsAsync(context, [OpenAiServerDouble.ChatChunk("partial")]);
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        });
        await using var model = await ConnectAsync(new ModelOptions { RequestTimeout = TimeSpan.FromMilliseconds(500) });
        var received = new List<string>();

        var error = await Assert.ThrowsAsync<ModelException>(async () =>
        {
            await foreach (var chunk in model.StreamChatAsync([ChatMessage.User("x")], SamplingSettings.Greedy, Token))
            {
                received.Add(chunk);
            }
        });

        Assert.Equal(["partial"], received);
        Assert.Contains("sent nothing for", error.Message);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_times_out_per_attempt()
    {
        server.Route("/v1/embeddings", context => Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted));
        await using var model = await ConnectAsync(new ModelOptions { RequestTimeout = TimeSpan.FromMilliseconds(300), MaxRetries = 1 });

        var error = await Assert.ThrowsAsync<ModelException>(() => model.EmbedAsync("x", Token).AsTask());

        Assert.Contains("did not answer within", error.Message);
        Assert.Equal(2, server.Requests.Count(r => r.Path == "/v1/embeddings"));
    }

    [Fact]
    public async Task Cancelling_mid_stream_stops_reading()
    {
        server.Route("/v1/chat/completions", context => OpenAiServerDouble.WriteEventsAsync(context,
            Enumerable.Range(0, 100).Select(i => OpenAiServerDouble.ChatChunk($"t{i} ")), TimeSpan.FromMilliseconds(20)));
        await using var model = await ConnectAsync();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var received = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in model.StreamChatAsync([ChatMessage.User("x")], SamplingSettings.Greedy, cancel.Token))
            {
                if (++received == 3)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        Assert.Equal(3, received);
    }

    [Fact]
    public async Task A_chunk_that_is_not_json_is_a_clear_error()
    {
        server.Route("/v1/chat/completions", context => OpenAiServerDouble.WriteEventsAsync(context,
            [OpenAiServerDouble.ChatChunk("fine"), "{\"choices\": [ broken", "[DONE]"]));
        await using var model = await ConnectAsync();

        var error = await Assert.ThrowsAsync<ModelException>(() => model.StreamChatAsync([ChatMessage.User("x")], SamplingSettings.Greedy, Token).CollectAsync());

        Assert.Contains("not JSON", error.Message);
        Assert.Contains("[ broken", error.Message);
    }

    [Fact]
    public async Task An_error_event_in_the_stream_is_reported()
    {
        server.Route("/v1/chat/completions", context => OpenAiServerDouble.WriteEventsAsync(context,
            ["""{"error":{"message":"CUDA out of memory"}}"""]));
        await using var model = await ConnectAsync();

        var error = await Assert.ThrowsAsync<ModelException>(() => model.StreamChatAsync([ChatMessage.User("x")], SamplingSettings.Greedy, Token).CollectAsync());

        Assert.Contains("CUDA out of memory", error.Message);
    }

    [Fact]
    public async Task Embeddings_are_returned_at_unit_length()
    {
        server.Route("/v1/embeddings", context => context.Response.WriteAsync("""{"data":[{"index":0,"embedding":[3.0,4.0]}]}"""));
        await using var model = await ConnectAsync();

        var vector = await model.EmbedAsync("hello", Token);

        Assert.Equal(new[] { 0.6f, 0.8f }, vector);
        Assert.Equal("hello", (string?)JsonNode.Parse(server.Requests.Last().Body)!["input"]);
    }

    [Fact]
    public async Task Tokens_are_counted_by_the_servers_tokenize_endpoint()
    {
        server.Route("/tokenize", context => context.Response.WriteAsync("""{"tokens":[1,2,3,4]}"""));
        await using var model = await ConnectAsync();

        Assert.Equal(4, await model.CountTokensAsync("four tokens here", Token));
    }

    [Fact]
    public async Task Without_a_tokenize_endpoint_tokens_are_estimated_conservatively_then_calibrated_by_the_reported_usage()
    {
        // The double answers as LM Studio and Ollama do: no /tokenize, and a usage chunk at the end of a stream when asked.
        server.Route("/v1/chat/completions", context => OpenAiServerDouble.WriteEventsAsync(context,
            ["""{"choices":[{"delta":{"content":"ok"}}]}""", """{"choices":[],"usage":{"prompt_tokens":300,"completion_tokens":1}}"""]));
        await using var model = await ConnectAsync();
        var text = new string('a', 1200);

        Assert.Equal(400, await model.CountTokensAsync(text, Token)); // 3 bytes a token: more than a code tokenizer counts
        var reply = string.Concat(await model.StreamChatAsync([ChatMessage.User(text)], new SamplingSettings { MaxTokens = 8 }, Token).ToListAsync(Token));

        Assert.Equal("ok", reply);
        Assert.Contains(server.Requests, r => r.Path.EndsWith("chat/completions", StringComparison.Ordinal) && r.Body.Contains("\"include_usage\":true", StringComparison.Ordinal));
        Assert.Equal((int)Math.Ceiling(1200 / (0.9 * 1200 / 300)), await model.CountTokensAsync(text, Token));
    }

    [Fact]
    public async Task The_api_key_comes_from_the_configured_environment_variable()
    {
        var variable = "CODEIMPROVE_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "sk-test");
        try
        {
            await using var model = await ConnectAsync(new ModelOptions { ApiKeyEnvironmentVariable = variable });

            Assert.Equal("Bearer sk-test", server.Requests.Last().Authorization);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task Without_a_key_no_authorization_is_sent()
    {
        await using var model = await ConnectAsync(new ModelOptions { ApiKeyEnvironmentVariable = "CODEIMPROVE_TEST_UNSET_" + Guid.NewGuid().ToString("N") });

        Assert.Null(server.Requests.Last().Authorization);
    }
}
