using CodeImprove.Analysis.CodeActions;
using Microsoft.Extensions.Logging;

namespace CodeImprove.Analysis.Tests;

/// <summary>Third-party fix providers that throw are logged and left out; the other fixes are still listed and resolved.</summary>
public sealed class FaultyFixerTests : IAsyncLifetime
{
    private const string Code = """
        namespace Faulty;

        public static class Sums
        {
            public static int Next(int value) => value + 0;
        }
        """;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "codeimprove-faulty-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly RecordingLogger _log = new();
    private AnalysisWorkspace _workspace = null!;
    private string _codePath = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var (project, codePath) = await FaultyFixerProject.CreateAsync(_root, Code, Ct);
        _codePath = codePath;
        _workspace = await AnalysisWorkspace.OpenPathAsync(project, cancellationToken: Ct);
        _workspace.Logger = _log;
    }

    public ValueTask DisposeAsync()
    {
        _workspace?.Dispose();
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_provider_that_throws_while_registering_is_logged_and_the_others_are_listed()
    {
        var fixes = await _workspace.Snapshot().GetCodeFixesAsync(_codePath, SourceRange.Of(4, 44, 4, 44), Ct);

        Assert.Equal([FaultyFixerProject.WorkingFixTitle, FaultyFixerProject.ThrowingActionTitle], fixes.Select(f => f.Title).Order(StringComparer.Ordinal));
        Assert.All(fixes, f => Assert.Equal("FLT001", f.Diagnostic.Id));
        var entry = Assert.Single(_log.Entries, e => e.Message.Contains("ThrowsWhileRegistering", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal("registering failed", entry.Exception?.Message);
    }

    [Fact]
    public async Task The_working_fix_resolves_and_the_throwing_action_fails_with_a_clear_error()
    {
        var fixes = await _workspace.Snapshot().GetCodeFixesAsync(_codePath, SourceRange.Of(4, 44, 4, 44), Ct);

        var edit = await _workspace.Snapshot().ResolveCodeFixAsync(fixes.Single(f => f.Title == FaultyFixerProject.WorkingFixTitle).Reference, Ct);
        var change = Assert.Single(edit!.Changes);
        Assert.Contains("=> value;", CodeActionTests.Apply(Code.ReplaceLineEndings("\n"), change.Edits), StringComparison.Ordinal);

        var failure = await Assert.ThrowsAsync<CodeFixFailedException>(() =>
            _workspace.Snapshot().ResolveCodeFixAsync(fixes.Single(f => f.Title == FaultyFixerProject.ThrowingActionTitle).Reference, Ct));
        Assert.Contains("applying failed", failure.Message, StringComparison.Ordinal);
        Assert.Contains("ThrowsWhileApplying", failure.Message, StringComparison.Ordinal);
        Assert.Contains(_log.Entries, e => e.Exception?.Message == "applying failed");

        // The workspace keeps serving: the same listing still works afterwards.
        Assert.Equal(2, (await _workspace.Snapshot().GetCodeFixesAsync(_codePath, SourceRange.Of(4, 44, 4, 44), Ct)).Count);
    }

    /// <summary>Keeps what is logged, to assert on it.</summary>
    private sealed class RecordingLogger : ILogger
    {
        public List<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries)
            {
                Entries.Add((logLevel, formatter(state, exception), exception));
            }
        }
    }
}
