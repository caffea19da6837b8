using System.Text.Json;
using CodeImprove.Protocol;
using Serilog;
using StreamJsonRpc;

namespace CodeImprove.LanguageServer.Hosting;

/// <summary>
/// Binds handlers to JSON-RPC methods: every message passes the lifecycle check on arrival, is validated,
/// and is queued on the scheduler; cancellation from <c>$/cancelRequest</c> flows in as the token.
/// </summary>
public sealed class HandlerDispatcher(ServerLifecycle lifecycle, RequestScheduler scheduler, Documents.DocumentStore documents, ILogger log)
{
    public void Register(JsonRpc rpc, ILspHandler handler)
    {
        var bindingType = handler.GetType() switch
        {
            var t when FindBase(t, typeof(RequestHandler<,>)) is { } b => typeof(RequestBinding<,>).MakeGenericType(b.GetGenericArguments()),
            var t when FindBase(t, typeof(NotificationHandler<>)) is { } b => typeof(NotificationBinding<>).MakeGenericType(b.GetGenericArguments()),
            var t => throw new ArgumentException($"{t.Name} is neither a request nor a notification handler."),
        };
        var binding = Activator.CreateInstance(bindingType, handler, this)!;
        var method = bindingType.GetMethod("InvokeAsync")!;
        rpc.AddLocalRpcMethod(method, binding, new JsonRpcMethodAttribute(handler.Method) { UseSingleObjectParameterDeserialization = true });
    }

    private Task<TResult> DispatchRequest<TParams, TResult>(RequestHandler<TParams, TResult> handler, JsonElement? json, CancellationToken cancellationToken)
        where TParams : class
    {
        // Params first: an 'initialize' with unreadable, missing or incomplete params must not count as the server's initialization.
        var request = ReadParams<TParams>(handler.Method, json);
        if (request is null && handler.RequiresParams)
        {
            throw new LocalRpcException($"'{handler.Method}' needs params.") { ErrorCode = LspErrorCodes.InvalidParams };
        }
        if (request is not null && RequiredFields.FirstMissing(request) is { } missing)
        {
            throw new LocalRpcException($"'{handler.Method}' needs '{missing}'.") { ErrorCode = LspErrorCodes.InvalidParams };
        }
        lifecycle.AdmitRequest(handler.Method);
        var uri = request is null ? null : handler.DocumentUri(request);
        return MapErrorsAsync(handler.Method, scheduler.Enqueue(
            handler.Kind,
            () => uri is null ? RequestContext.None : new RequestContext(documents.Get(uri)),
            (context, token) => handler.HandleAsync(request, context, token),
            cancellationToken));
    }

    /// <summary>Every request's failure goes through <see cref="ErrorMap"/>; an unexpected one is logged with its stack.</summary>
    private async Task<TResult> MapErrorsAsync<TResult>(string method, Task<TResult> work)
    {
        try
        {
            return await work;
        }
        catch (Exception e) when (e is not LocalRpcException)
        {
            var error = ErrorMap.ToRpc(e);
            if (error.ErrorCode == LspErrorCodes.InternalError)
            {
                log.Error(e, "'{Method:l}' failed", method);
            }
            throw error;
        }
    }

    private Task DispatchNotification<TParams>(NotificationHandler<TParams> handler, JsonElement? json)
        where TParams : class
    {
        if (!lifecycle.AdmitNotification(handler.Method))
        {
            log.Warning("Dropped '{Method:l}': notifications are ignored before initialize and after shutdown", handler.Method);
            return Task.CompletedTask;
        }
        TParams? notification;
        try
        {
            notification = ReadParams<TParams>(handler.Method, json);
        }
        catch (LocalRpcException e)
        {
            log.Error("Dropped '{Method:l}': {Reason:l}", handler.Method, e.Message);
            return Task.CompletedTask;
        }
        if (notification is null && handler.RequiresParams)
        {
            log.Error("Dropped '{Method:l}': it needs params", handler.Method);
            return Task.CompletedTask;
        }
        if (notification is not null && RequiredFields.FirstMissing(notification) is { } missing)
        {
            log.Error("Dropped '{Method:l}': it needs '{Field:l}'", handler.Method, missing);
            return Task.CompletedTask;
        }
        return scheduler.Enqueue(handler.Kind, async token =>
        {
            try
            {
                await handler.HandleAsync(notification, token);
            }
            catch (Exception e)
            {
                // A notification has no response to carry the error: log it, which also reaches the client.
                log.Error(e, "'{Method:l}' failed: {Message:l}", handler.Method, e.Message);
            }
            return true;
        }, CancellationToken.None);
    }

    /// <summary>Params are read here rather than by StreamJsonRpc so that a mismatch is InvalidParams, not a generic failure.</summary>
    private static TParams? ReadParams<TParams>(string method, JsonElement? json)
        where TParams : class
    {
        // Methods without params ignore whatever a client sends (some send [] for 'exit').
        if (json is null || json.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined || typeof(TParams) == typeof(NoParams))
        {
            return null;
        }
        try
        {
            return json.Value.Deserialize<TParams>(LspJson.Options);
        }
        catch (JsonException e)
        {
            throw new LocalRpcException($"Invalid params for '{method}': {e.Message}") { ErrorCode = LspErrorCodes.InvalidParams };
        }
    }

    private static Type? FindBase(Type type, Type openGeneric)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == openGeneric)
            {
                return t;
            }
        }
        return null;
    }

    // StreamJsonRpc binds to a method's signature; optional parameters let params be absent.
    private sealed class RequestBinding<TParams, TResult>(RequestHandler<TParams, TResult> handler, HandlerDispatcher dispatcher)
        where TParams : class
    {
        public Task<TResult> InvokeAsync(JsonElement? request = null, CancellationToken cancellationToken = default) =>
            dispatcher.DispatchRequest(handler, request, cancellationToken);
    }

    private sealed class NotificationBinding<TParams>(NotificationHandler<TParams> handler, HandlerDispatcher dispatcher)
        where TParams : class
    {
        public Task InvokeAsync(JsonElement? notification = null) => dispatcher.DispatchNotification(handler, notification);
    }
}
