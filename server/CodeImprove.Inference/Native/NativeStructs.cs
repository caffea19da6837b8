using System.Runtime.InteropServices;

namespace CodeImprove.Inference.Native;

// Blittable mirrors of the llama.cpp v0.5.0 structs (llama.h) with the x64 offsets verified against the
// native default-params functions; older llama.h copies (use_mmap/use_mlock) have a different layout.
// With DisableRuntimeMarshalling a C# bool field is one byte, like C's bool.

[StructLayout(LayoutKind.Explicit, Size = 80)]
internal struct LlamaModelParams
{
    [FieldOffset(0)] public nint Devices;
    [FieldOffset(8)] public nint TensorBufferTypeOverrides;
    [FieldOffset(16)] public int GpuLayers;
    [FieldOffset(20)] public int SplitMode;
    [FieldOffset(24)] public int LoadMode;
    [FieldOffset(28)] public int LazyMode;
    [FieldOffset(32)] public int MainGpu;
    [FieldOffset(40)] public nint TensorSplit;
    [FieldOffset(48)] public nint ProgressCallback;
    [FieldOffset(56)] public nint ProgressCallbackUserData;
    [FieldOffset(64)] public nint KvOverrides;
    [FieldOffset(72)] public bool VocabOnly;
    [FieldOffset(73)] public bool CheckTensors;
    [FieldOffset(74)] public bool UseExtraBufferTypes;
    [FieldOffset(75)] public bool NoHost;
    [FieldOffset(76)] public bool NoAlloc;
    [FieldOffset(77)] public bool LoadMtp;
}

[StructLayout(LayoutKind.Explicit, Size = 160)]
internal struct LlamaContextParams
{
    [FieldOffset(0)] public uint ContextSize;
    [FieldOffset(4)] public uint BatchSize;
    [FieldOffset(8)] public uint MicroBatchSize;
    [FieldOffset(12)] public uint MaxSequences;
    [FieldOffset(16)] public uint RecurrentStateSnapshots;
    [FieldOffset(20)] public uint MaxOutputs;
    [FieldOffset(24)] public uint MaxOutputsPerSequence;
    [FieldOffset(28)] public int Threads;
    [FieldOffset(32)] public int BatchThreads;
    [FieldOffset(36)] public int ContextType;
    [FieldOffset(40)] public int RopeScalingType;
    [FieldOffset(44)] public LlamaPoolingType PoolingType;
    [FieldOffset(48)] public int AttentionType;
    [FieldOffset(52)] public int FlashAttentionType;
    [FieldOffset(56)] public float RopeFrequencyBase;
    [FieldOffset(60)] public float RopeFrequencyScale;
    [FieldOffset(64)] public float YarnExtFactor;
    [FieldOffset(68)] public float YarnAttnFactor;
    [FieldOffset(72)] public float YarnBetaFast;
    [FieldOffset(76)] public float YarnBetaSlow;
    [FieldOffset(80)] public uint YarnOriginalContext;
    [FieldOffset(84)] public float DefragThreshold;
    [FieldOffset(88)] public nint EvalCallback;
    [FieldOffset(96)] public nint EvalCallbackUserData;
    [FieldOffset(104)] public int TypeK;
    [FieldOffset(108)] public int TypeV;
    [FieldOffset(112)] public nint AbortCallback;
    [FieldOffset(120)] public nint AbortCallbackData;
    [FieldOffset(128)] public bool Embeddings;
    [FieldOffset(129)] public bool OffloadKqv;
    [FieldOffset(130)] public bool NoPerf;
    [FieldOffset(131)] public bool OpOffload;
    [FieldOffset(132)] public bool SwaFull;
    [FieldOffset(133)] public bool KvUnified;
    [FieldOffset(136)] public nint Samplers;
    [FieldOffset(144)] public nuint SamplerCount;
    [FieldOffset(152)] public nint OtherContext;
}

/// <summary>Input of llama_decode; the arrays are owned by llama_batch_init/llama_batch_free.</summary>
[StructLayout(LayoutKind.Explicit, Size = 56)]
internal unsafe struct LlamaBatch
{
    [FieldOffset(0)] public int TokenCount;
    [FieldOffset(8)] public int* Tokens;
    [FieldOffset(16)] public float* Embeddings;
    [FieldOffset(24)] public int* Positions;
    [FieldOffset(32)] public int* SequenceIdCounts;
    [FieldOffset(40)] public int** SequenceIds;
    [FieldOffset(48)] public sbyte* Logits;
}

[StructLayout(LayoutKind.Sequential)]
internal struct LlamaSamplerChainParams
{
    public bool NoPerf;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaChatMessage
{
    public byte* Role;
    public byte* Content;
}

internal enum LlamaPoolingType
{
    Unspecified = -1,
    None = 0,
    Mean = 1,
    Cls = 2,
    Last = 3,
    Rank = 4,
}

internal enum GgmlLogLevel
{
    None = 0,
    Debug = 1,
    Info = 2,
    Warn = 3,
    Error = 4,
    Continue = 5,
}

internal enum GgmlBackendDeviceType
{
    Cpu = 0,
    Gpu = 1,
    IntegratedGpu = 2,
    Accelerator = 3,
    Meta = 4,
}
