using Microsoft.Build.Locator;

namespace CodeImprove.Analysis.Loading;

/// <summary>
/// Registers the installed .NET SDK's MSBuild once per process. It must run before any MSBuild type is loaded,
/// so callers reach MSBuildWorkspace only through methods that run after this (see <see cref="WorkspaceLoader"/>).
/// </summary>
public static class MsBuildRegistration
{
    private static readonly Lock Gate = new();

    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (MSBuildLocator.IsRegistered)
            {
                return;
            }
            if (!MSBuildLocator.CanRegister)
            {
                // Someone loaded MSBuild already (a host that registered through another path): nothing to do.
                return;
            }
            try
            {
                MSBuildLocator.RegisterDefaults();
            }
            catch (InvalidOperationException e)
            {
                throw new InvalidOperationException("No .NET SDK with MSBuild was found; install the .NET SDK to analyze projects. " + e.Message, e);
            }
        }
    }

    /// <summary>The folder that holds the dotnet host (parent of sdk/ and packs/), or null when none was registered.</summary>
    public static string? DotnetRoot => SdkDirectory is { } sdk ? Path.GetDirectoryName(Path.GetDirectoryName(sdk)) : null;

    /// <summary>The registered SDK's folder (sdk/&lt;version&gt;, where MSBuild lives), or null when there is none.</summary>
    public static string? SdkDirectory =>
        MSBuildLocator.QueryVisualStudioInstances().FirstOrDefault()?.MSBuildPath.TrimEnd(Path.DirectorySeparatorChar);
}
