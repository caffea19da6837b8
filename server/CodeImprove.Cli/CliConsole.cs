using Spectre.Console;

namespace CodeImprove.Cli;

/// <summary>
/// The console the CLI writes reports to. Output that is not a terminal (a pipe, `> x.patch`) is never wrapped or
/// coloured, so a printed diff applies with `git apply`; NO_COLOR (https://no-color.org) turns colour off on a terminal too.
/// </summary>
internal static class CliConsole
{
    public static IAnsiConsole Create()
    {
        var redirected = Console.IsOutputRedirected;
        var plain = redirected || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        if (redirected)
        {
            console.Profile.Width = int.MaxValue / 2; // a pipe has no width: never wrap
        }
        return console;
    }
}
