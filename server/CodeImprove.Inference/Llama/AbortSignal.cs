using System.Runtime.InteropServices;
using CodeImprove.Inference.Native;

namespace CodeImprove.Inference.Llama;

/// <summary>
/// Lets a cancellation token stop llama_decode between graph nodes (a long prompt on a CPU takes seconds),
/// through the context's abort callback. Decode then returns 2 and keeps the micro-batches it finished.
/// </summary>
internal sealed unsafe class AbortSignal : IDisposable
{
    private GCHandle self;

    public AbortSignal(LlamaContextHandle context)
    {
        self = GCHandle.Alloc(this);
        LlamaNative.llama_set_abort_callback(context.DangerousGetHandle(), &ShouldAbort, (void*)GCHandle.ToIntPtr(self));
    }

    /// <summary>The token of the decode in progress; set on the decoding thread before each call.</summary>
    public CancellationToken Token { get; set; }

    public void Dispose()
    {
        if (self.IsAllocated)
        {
            self.Free();
        }
    }

    [UnmanagedCallersOnly]
    private static byte ShouldAbort(void* data) =>
        GCHandle.FromIntPtr((nint)data).Target is AbortSignal { Token.IsCancellationRequested: true } ? (byte)1 : (byte)0;
}
