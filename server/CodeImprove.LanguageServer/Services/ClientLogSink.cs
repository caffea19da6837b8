using CodeImprove.Protocol;
using Serilog.Core;
using Serilog.Events;

namespace CodeImprove.LanguageServer.Services;

/// <summary>Forwards warnings and errors to the client as <c>window/logMessage</c>, once a client is connected.</summary>
public sealed class ClientLogSink(ClientConnection client) : ILogEventSink
{
    public void Emit(LogEvent logEvent)
    {
        if (logEvent.Level < LogEventLevel.Warning || !client.IsConnected)
        {
            return;
        }
        var type = logEvent.Level >= LogEventLevel.Error ? MessageType.Error : MessageType.Warning;
        var message = logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture);
        if (logEvent.Exception is { } e)
        {
            message += Environment.NewLine + e;
        }
        // Fire and forget: logging must never block or fail the code that logs.
        _ = client.NotifyAsync(LspMethods.LogMessage, new LogMessageParams(type, message)).ContinueWith(
            static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
