using CodeImprove.Inference.Native;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeImprove.Inference.Tests.Native;

/// <summary>Reads the native default params through the binding: wrong offsets would read neighbouring fields.</summary>
public sealed class NativeDefaultsTests
{
    public NativeDefaultsTests() => LlamaLibrary.EnsureLoaded(LlamaLibrary.CpuDirectory, NullLogger.Instance);

    [Fact]
    public void Model_default_params_read_back_sane_values()
    {
        var p = LlamaNative.llama_model_default_params();
        Assert.Equal(0, p.Devices);
        Assert.Equal(0, p.KvOverrides);
        Assert.Equal(-1, p.GpuLayers);       // negative = all layers
        Assert.Equal(1, p.SplitMode);        // LLAMA_SPLIT_MODE_LAYER
        Assert.InRange(p.LoadMode, -1, 4);
        Assert.InRange(p.LazyMode, 0, 2);
        Assert.Equal(0, p.MainGpu);
        Assert.False(p.VocabOnly);
        Assert.False(p.CheckTensors);
        Assert.True(p.UseExtraBufferTypes);
        Assert.False(p.NoAlloc);
    }

    [Fact]
    public void Context_default_params_read_back_sane_values()
    {
        var p = LlamaNative.llama_context_default_params();
        Assert.Equal(512u, p.ContextSize);
        Assert.Equal(2048u, p.BatchSize);
        Assert.Equal(512u, p.MicroBatchSize);
        Assert.Equal(1u, p.MaxSequences);
        Assert.Equal(4, p.Threads);           // GGML_DEFAULT_N_THREADS, whatever the cores: why the threads are chosen here
        Assert.Equal(4, p.BatchThreads);
        Assert.Equal(-1, p.RopeScalingType);  // unspecified
        Assert.Equal(LlamaPoolingType.Unspecified, p.PoolingType);
        Assert.Equal(-1, p.AttentionType);
        Assert.Equal(-1, p.FlashAttentionType); // auto
        Assert.Equal(0f, p.RopeFrequencyBase);
        Assert.Equal(-1f, p.YarnExtFactor);
        Assert.Equal(1, p.TypeK);             // GGML_TYPE_F16
        Assert.Equal(1, p.TypeV);
        Assert.Equal(0, p.AbortCallback);
        Assert.False(p.Embeddings);
        Assert.True(p.OffloadKqv);
        Assert.True(p.OpOffload);
        Assert.Equal(0, p.Samplers);
        Assert.Equal(0u, p.SamplerCount);
        Assert.Equal(0, p.OtherContext);
    }

    [Fact]
    public void Cpu_backend_is_registered_from_the_library_folder()
    {
        var devices = LlamaDevices.List();
        Assert.Contains(devices, d => d.Type == GgmlBackendDeviceType.Cpu);
    }
}
