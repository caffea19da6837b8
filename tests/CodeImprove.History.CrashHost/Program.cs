using CodeImprove.History;

// Usage: CrashHost <workspace> apply|rollback <step> <occurrence> [<episode-or-point>]
// apply: appends CrashMarker to each listed file of the workspace (a.txt, b.txt, c.txt) through RollbackPointStore.ApplyAsync.
// rollback: rolls back the given episode or point.
// When the observer sees <step> for the <occurrence>-th time, the host prints "AT <step>" and blocks,
// so the test can kill it (SIGKILL) at exactly that point. Exit code 3 means the step never came.
var workspace = args[0];
var step = Enum.Parse<ApplyStep>(args[2]);
var occurrence = int.Parse(args[3]);
var seen = 0;

void Observe(ApplyStep reached)
{
    if (reached == step && ++seen == occurrence)
    {
        Console.Out.WriteLine($"AT {reached}");
        Console.Out.Flush();
        Thread.Sleep(Timeout.Infinite);
    }
}

using var store = RollbackPointStore.Open(workspace, new HistoryOptions { Observer = Observe });
if (args[1] == "apply")
{
    var edits = new Dictionary<string, byte[]?>();
    foreach (var name in new[] { "a.txt", "b.txt", "c.txt" })
    {
        edits[name] = [.. File.ReadAllBytes(Path.Combine(workspace, name)), .. "// edited by crash host\n"u8];
    }
    await store.ApplyAsync("crash-episode", edits);
}
else
{
    await store.RollbackAsync(args[4]);
}
Console.Out.WriteLine("DONE");
return 3;
