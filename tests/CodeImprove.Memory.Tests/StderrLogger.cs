using Microsoft.Extensions.Logging;

namespace CodeImprove.Memory.Tests;

/// <summary>Writes a child process's store warnings to stderr, which the parent test reports when the child fails.</summary>
internal sealed class StderrLogger : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Console.Error.WriteLine($"{logLevel}: {formatter(state, exception)}");
}
