using System.CommandLine;

namespace CodeImprove.Cli;

public static class Program
{
    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand("CodeImprove: a local-first \"improve this code\" assistant for .NET (language server and CLI).");
        foreach (var command in CommandCatalog.Create())
        {
            root.Subcommands.Add(command);
        }
        return root.Parse(args).InvokeAsync();
    }
}
