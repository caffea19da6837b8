using System.Runtime.InteropServices;

namespace CodeImprove.Inference.Llama;

/// <summary>
/// Makes the CUDA runtime findable for libggml-cuda.so. LD_LIBRARY_PATH is read when a process starts, so a toolkit in
/// /usr/local/cuda-*/ is loaded here by full path first; the backend's dlopen then finds the SONAMEs already loaded.
/// </summary>
internal static class CudaRuntime
{
    // The npm CUDA build links CUDA 13; a self-built one links whatever toolkit built it.
    private static readonly string[] Versions = ["13", "12"];
    private static readonly string[] Libraries = ["libcudart.so", "libcublasLt.so", "libcublas.so"];

    /// <summary>Returns null when the driver and one runtime version are loaded, otherwise what is missing.</summary>
    public static string? Preload()
    {
        if (!NativeLibrary.TryLoad("libcuda.so.1", out _))
        {
            return "the NVIDIA driver library libcuda.so.1 is not installed";
        }
        foreach (var version in Versions)
        {
            if (Libraries.All(library => TryLoad($"{library}.{version}")))
            {
                return null;
            }
        }
        return "no CUDA runtime (libcudart.so.13 / libcublas.so.13) was found on the library path or under /usr/local/cuda*; " +
               "install the CUDA toolkit or add its lib folder to LD_LIBRARY_PATH";
    }

    private static bool TryLoad(string soname) =>
        NativeLibrary.TryLoad(soname, out _) ||
        CandidateDirectories().Any(dir => NativeLibrary.TryLoad(Path.Combine(dir, soname), out _));

    private static IEnumerable<string> CandidateDirectories()
    {
        if (Environment.GetEnvironmentVariable("CUDA_PATH") is { Length: > 0 } cudaPath)
        {
            yield return Path.Combine(cudaPath, "lib64");
            yield return Path.Combine(cudaPath, "targets", "x86_64-linux", "lib");
        }
        if (!Directory.Exists("/usr/local"))
        {
            yield break;
        }
        foreach (var toolkit in Directory.EnumerateDirectories("/usr/local", "cuda*").Order(StringComparer.Ordinal).Reverse())
        {
            yield return Path.Combine(toolkit, "lib64");
            yield return Path.Combine(toolkit, "targets", "x86_64-linux", "lib");
        }
    }
}
