using System.Runtime.CompilerServices;
using CodeImprove.Inference.Native;

namespace CodeImprove.Inference.Tests.Native;

/// <summary>The managed mirrors must match the v0.5.0 ABI byte for byte (values from notes/llama-native.md).</summary>
public sealed unsafe class StructLayoutTests
{
    [Fact]
    public void Struct_sizes_match_the_native_abi()
    {
        Assert.Equal(80, Unsafe.SizeOf<LlamaModelParams>());
        Assert.Equal(160, Unsafe.SizeOf<LlamaContextParams>());
        Assert.Equal(56, Unsafe.SizeOf<LlamaBatch>());
        Assert.Equal(1, Unsafe.SizeOf<LlamaSamplerChainParams>());
        Assert.Equal(16, Unsafe.SizeOf<LlamaChatMessage>());
    }

    [Fact]
    public void Model_params_field_offsets_match_the_native_abi()
    {
        var p = default(LlamaModelParams);
        var b = (byte*)&p;
        Assert.Equal(0, (byte*)&p.Devices - b);
        Assert.Equal(8, (byte*)&p.TensorBufferTypeOverrides - b);
        Assert.Equal(16, (byte*)&p.GpuLayers - b);
        Assert.Equal(20, (byte*)&p.SplitMode - b);
        Assert.Equal(24, (byte*)&p.LoadMode - b);
        Assert.Equal(28, (byte*)&p.LazyMode - b);
        Assert.Equal(32, (byte*)&p.MainGpu - b);
        Assert.Equal(40, (byte*)&p.TensorSplit - b);
        Assert.Equal(48, (byte*)&p.ProgressCallback - b);
        Assert.Equal(56, (byte*)&p.ProgressCallbackUserData - b);
        Assert.Equal(64, (byte*)&p.KvOverrides - b);
        Assert.Equal(72, (byte*)&p.VocabOnly - b);
        Assert.Equal(73, (byte*)&p.CheckTensors - b);
        Assert.Equal(74, (byte*)&p.UseExtraBufferTypes - b);
        Assert.Equal(75, (byte*)&p.NoHost - b);
        Assert.Equal(76, (byte*)&p.NoAlloc - b);
        Assert.Equal(77, (byte*)&p.LoadMtp - b);
    }

    [Fact]
    public void Context_params_field_offsets_match_the_native_abi()
    {
        var p = default(LlamaContextParams);
        var b = (byte*)&p;
        (long Actual, int Expected)[] offsets =
        [
            ((byte*)&p.ContextSize - b, 0), ((byte*)&p.BatchSize - b, 4), ((byte*)&p.MicroBatchSize - b, 8),
            ((byte*)&p.MaxSequences - b, 12), ((byte*)&p.RecurrentStateSnapshots - b, 16), ((byte*)&p.MaxOutputs - b, 20),
            ((byte*)&p.MaxOutputsPerSequence - b, 24), ((byte*)&p.Threads - b, 28), ((byte*)&p.BatchThreads - b, 32),
            ((byte*)&p.ContextType - b, 36), ((byte*)&p.RopeScalingType - b, 40), ((byte*)&p.PoolingType - b, 44),
            ((byte*)&p.AttentionType - b, 48), ((byte*)&p.FlashAttentionType - b, 52), ((byte*)&p.RopeFrequencyBase - b, 56),
            ((byte*)&p.RopeFrequencyScale - b, 60), ((byte*)&p.YarnExtFactor - b, 64), ((byte*)&p.YarnAttnFactor - b, 68),
            ((byte*)&p.YarnBetaFast - b, 72), ((byte*)&p.YarnBetaSlow - b, 76), ((byte*)&p.YarnOriginalContext - b, 80),
            ((byte*)&p.DefragThreshold - b, 84), ((byte*)&p.EvalCallback - b, 88), ((byte*)&p.EvalCallbackUserData - b, 96),
            ((byte*)&p.TypeK - b, 104), ((byte*)&p.TypeV - b, 108), ((byte*)&p.AbortCallback - b, 112),
            ((byte*)&p.AbortCallbackData - b, 120), ((byte*)&p.Embeddings - b, 128), ((byte*)&p.OffloadKqv - b, 129),
            ((byte*)&p.NoPerf - b, 130), ((byte*)&p.OpOffload - b, 131), ((byte*)&p.SwaFull - b, 132),
            ((byte*)&p.KvUnified - b, 133), ((byte*)&p.Samplers - b, 136), ((byte*)&p.SamplerCount - b, 144),
            ((byte*)&p.OtherContext - b, 152),
        ];
        foreach (var (actual, expected) in offsets)
        {
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Batch_field_offsets_match_the_native_abi()
    {
        var p = default(LlamaBatch);
        var b = (byte*)&p;
        Assert.Equal(0, (byte*)&p.TokenCount - b);
        Assert.Equal(8, (byte*)&p.Tokens - b);
        Assert.Equal(16, (byte*)&p.Embeddings - b);
        Assert.Equal(24, (byte*)&p.Positions - b);
        Assert.Equal(32, (byte*)&p.SequenceIdCounts - b);
        Assert.Equal(40, (byte*)&p.SequenceIds - b);
        Assert.Equal(48, (byte*)&p.Logits - b);
    }
}
