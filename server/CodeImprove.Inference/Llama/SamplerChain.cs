using CodeImprove.Inference.Native;

namespace CodeImprove.Inference.Llama;

/// <summary>Builds the llama.cpp sampler chain for a request: greedy, or top-k, top-p, temperature, then a seeded draw.</summary>
internal static class SamplerChain
{
    public static LlamaSamplerHandle Create(SamplingSettings settings)
    {
        var chain = new LlamaSamplerHandle(LlamaNative.llama_sampler_chain_init(LlamaNative.llama_sampler_chain_default_params()));
        var ptr = chain.DangerousGetHandle();
        if (settings.IsGreedy)
        {
            LlamaNative.llama_sampler_chain_add(ptr, LlamaNative.llama_sampler_init_greedy());
            return chain;
        }
        if (settings.TopK > 0)
        {
            LlamaNative.llama_sampler_chain_add(ptr, LlamaNative.llama_sampler_init_top_k(settings.TopK));
        }
        if (settings.TopP is > 0 and < 1)
        {
            LlamaNative.llama_sampler_chain_add(ptr, LlamaNative.llama_sampler_init_top_p(settings.TopP, 1));
        }
        LlamaNative.llama_sampler_chain_add(ptr, LlamaNative.llama_sampler_init_temp(settings.Temperature));
        LlamaNative.llama_sampler_chain_add(ptr, LlamaNative.llama_sampler_init_dist(settings.Seed));
        return chain;
    }
}
