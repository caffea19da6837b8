using System.CommandLine;

namespace CodeImprove.Cli;

/// <summary>An error the user can act on: printed as one line, exit code 2.</summary>
public sealed class CliException(string message) : Exception(message);

/// <summary>Wraps command actions so every failure prints one clear line on stderr and exits non-zero.</summary>
internal static class CliAction
{
    public static void Set(Command command, Func<ParseResult, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                return await action(parseResult, cancellationToken);
            }
            catch (CliException e)
            {
                await Console.Error.WriteLineAsync($"codeimprove: {e.Message}");
                return 2;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync("codeimprove: cancelled");
                return 130;
            }
            catch (Exception e)
            {
                await Console.Error.WriteLineAsync($"codeimprove: {e.GetType().Name}: {e.Message}");
                return 1;
            }
        });
}
