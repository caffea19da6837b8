using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace CodeImprove.Inference.Native;

/// <summary>
/// Loads llama.cpp from one library folder per process: native/llama/cpu or native/llama/cuda beside the assemblies.
/// Both folders hold libraries with the same SONAMEs, so mixing them in one process would bind one folder's
/// symbols to the other's code; a second, different folder is refused.
/// </summary>
internal static class LlamaLibrary
{
    private static readonly Lock Gate = new();
    private static string? loadedDirectory;

    public static string LibraryRoot => Path.Combine(AppContext.BaseDirectory, "native", "llama");

    public static string CpuDirectory => Path.Combine(LibraryRoot, "cpu");

    public static string CudaDirectory => Path.Combine(LibraryRoot, "cuda");

    /// <summary>The folder this process loaded, or null before the first model.</summary>
    public static string? LoadedDirectory
    {
        get
        {
            lock (Gate)
            {
                return loadedDirectory;
            }
        }
    }

    /// <summary>Binds the P/Invoke names to <paramref name="directory"/> and registers its ggml backends (once).</summary>
    public static void EnsureLoaded(string directory, ILogger logger)
    {
        directory = Path.GetFullPath(directory);
        lock (Gate)
        {
            if (loadedDirectory is not null)
            {
                if (!string.Equals(loadedDirectory, directory, StringComparison.Ordinal))
                {
                    throw new ModelException(
                        $"llama.cpp is already loaded from {loadedDirectory} in this process; cannot also load {directory} " +
                        "(the CPU and CUDA builds share library names). Restart to switch devices.");
                }
                return;
            }
            foreach (var name in LibraryNames)
            {
                if (FindLibrary(directory, name) is null)
                {
                    throw new ModelException(
                        $"llama.cpp library '{name}' is missing from {directory}. " +
                        "Native libraries come from npm: run `./build.sh --target=Restore` (or `npm ci` in server/native/cpu) and build again.");
                }
            }
            NativeLibrary.SetDllImportResolver(typeof(LlamaLibrary).Assembly, (name, _, _) => Resolve(directory, name));
            loadedDirectory = directory;
            LlamaLog.Install(logger);
            LlamaNative.llama_backend_init();
            // Nothing is registered by default, and ggml_backend_load_all() looks beside the dotnet host, not here.
            LlamaNative.ggml_backend_load_all_from_path(directory);
            var devices = LlamaDevices.List();
            if (devices.Count == 0)
            {
                throw new ModelException(
                    $"no llama.cpp backend could be loaded from {directory} (the libggml-cpu-*.so files are missing or none suits this CPU); " +
                    "restore the native libraries and build again");
            }
            logger.LogInformation("llama.cpp loaded from {Directory}; devices: {Devices}", directory, string.Join("; ", devices));
        }
    }

    private static readonly string[] LibraryNames = ["llama", "ggml", "ggml-base"];

    private static nint Resolve(string directory, string name) =>
        FindLibrary(directory, name) is { } path ? NativeLibrary.Load(path) : 0;

    /// <summary>
    /// libllama.v0.5.0.so (CPU), libllama.cuda.v0.5.0.so (CUDA), libggml-base.so, llama.dll...: the name, then a dot.
    /// The dot keeps "ggml" from matching libggml-base.so or libggml-cpu-*.so and "llama" from libllama-common.so.
    /// </summary>
    internal static string? FindLibrary(string directory, string name)
    {
        if (!Directory.Exists(directory))
        {
            return null;
        }
        var candidates = Directory.EnumerateFiles(directory, $"lib{name}.*")
            .Concat(Directory.EnumerateFiles(directory, $"{name}.dll"))
            .Where(path => path.EndsWith(".so", StringComparison.Ordinal) || path.EndsWith(".dylib", StringComparison.Ordinal) ||
                           path.EndsWith(".dll", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        return candidates.FirstOrDefault();
    }
}
