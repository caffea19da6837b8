// No namespace: the runtime looks for the type StartupHook at the global level.
/// <summary>The runtime calls <c>StartupHook.Initialize</c> (global namespace) in assemblies named by DOTNET_STARTUP_HOOKS.</summary>
internal static class StartupHook
{
    public static void Initialize() => CodeImprove.Memory.Tests.ChildProcess.RunJobIfAsked();
}
