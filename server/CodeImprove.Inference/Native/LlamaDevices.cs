using System.Runtime.InteropServices;

namespace CodeImprove.Inference.Native;

/// <summary>A ggml backend device, e.g. ("CUDA0", "NVIDIA H100 80GB HBM3", Gpu).</summary>
internal sealed record LlamaDevice(string Name, string Description, GgmlBackendDeviceType Type, ulong FreeMemory, ulong TotalMemory)
{
    public bool IsGpu => Type is GgmlBackendDeviceType.Gpu or GgmlBackendDeviceType.IntegratedGpu;

    public override string ToString() => $"{Name} ({Description})";
}

internal static unsafe class LlamaDevices
{
    /// <summary>The devices of the backends registered so far (after <see cref="LlamaLibrary.EnsureLoaded"/>).</summary>
    public static IReadOnlyList<LlamaDevice> List()
    {
        var count = (int)LlamaNative.ggml_backend_dev_count();
        var devices = new List<LlamaDevice>(count);
        for (var i = 0; i < count; i++)
        {
            var device = LlamaNative.ggml_backend_dev_get((nuint)i);
            LlamaNative.ggml_backend_dev_memory(device, out var free, out var total);
            devices.Add(new LlamaDevice(
                Marshal.PtrToStringUTF8((nint)LlamaNative.ggml_backend_dev_name(device)) ?? "?",
                Marshal.PtrToStringUTF8((nint)LlamaNative.ggml_backend_dev_description(device)) ?? "",
                LlamaNative.ggml_backend_dev_type(device),
                free,
                total));
        }
        return devices;
    }
}
