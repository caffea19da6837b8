using Microsoft.Win32.SafeHandles;

namespace CodeImprove.Inference.Native;

/// <summary>Owns a llama_model*; freed once, even if the owner forgets to dispose.</summary>
internal sealed class LlamaModelHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public LlamaModelHandle(nint model) : base(ownsHandle: true) => SetHandle(model);

    protected override bool ReleaseHandle()
    {
        LlamaNative.llama_model_free(handle);
        return true;
    }
}

/// <summary>Owns a llama_context* (KV cache and compute buffers). Not thread-safe: callers serialize.</summary>
internal sealed class LlamaContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public LlamaContextHandle(nint context) : base(ownsHandle: true) => SetHandle(context);

    protected override bool ReleaseHandle()
    {
        LlamaNative.llama_free(handle);
        return true;
    }
}

/// <summary>Owns a llama_sampler* chain (which owns the samplers added to it).</summary>
internal sealed class LlamaSamplerHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public LlamaSamplerHandle(nint sampler) : base(ownsHandle: true) => SetHandle(sampler);

    protected override bool ReleaseHandle()
    {
        LlamaNative.llama_sampler_free(handle);
        return true;
    }
}
