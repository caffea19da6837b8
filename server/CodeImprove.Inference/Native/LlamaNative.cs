using System.Runtime.InteropServices;

namespace CodeImprove.Inference.Native;

/// <summary>
/// The llama.cpp v0.5.0 C API as used here. The names "llama", "ggml" and "ggml-base" are mapped to files in one
/// library folder by <see cref="LlamaLibrary"/>; pointers to opaque native objects are plain nints.
/// </summary>
internal static unsafe partial class LlamaNative
{
    private const string Llama = "llama";
    private const string Ggml = "ggml";
    private const string GgmlBase = "ggml-base";

    // Backends and logging

    [LibraryImport(Llama)]
    public static partial void llama_backend_init();

    [LibraryImport(Llama)]
    public static partial void llama_log_set(delegate* unmanaged<GgmlLogLevel, byte*, void*, void> callback, void* userData);

    [LibraryImport(Ggml, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void ggml_backend_load_all_from_path(string directory);

    [LibraryImport(Ggml)]
    public static partial nuint ggml_backend_dev_count();

    [LibraryImport(Ggml)]
    public static partial nint ggml_backend_dev_get(nuint index);

    [LibraryImport(GgmlBase)]
    public static partial byte* ggml_backend_dev_name(nint device);

    [LibraryImport(GgmlBase)]
    public static partial byte* ggml_backend_dev_description(nint device);

    [LibraryImport(GgmlBase)]
    public static partial GgmlBackendDeviceType ggml_backend_dev_type(nint device);

    [LibraryImport(GgmlBase)]
    public static partial void ggml_backend_dev_memory(nint device, out nuint free, out nuint total);

    // Models and contexts

    [LibraryImport(Llama)]
    public static partial LlamaModelParams llama_model_default_params();

    [LibraryImport(Llama)]
    public static partial LlamaContextParams llama_context_default_params();

    [LibraryImport(Llama)]
    public static partial LlamaSamplerChainParams llama_sampler_chain_default_params();

    [LibraryImport(Llama, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint llama_model_load_from_file(string path, LlamaModelParams parameters);

    [LibraryImport(Llama)]
    public static partial void llama_model_free(nint model);

    [LibraryImport(Llama)]
    public static partial nint llama_init_from_model(nint model, LlamaContextParams parameters);

    [LibraryImport(Llama)]
    public static partial void llama_free(nint context);

    [LibraryImport(Llama)]
    public static partial nint llama_model_get_vocab(nint model);

    [LibraryImport(Llama)]
    public static partial int llama_model_n_ctx_train(nint model);

    [LibraryImport(Llama)]
    public static partial int llama_model_n_embd(nint model);

    [LibraryImport(Llama)]
    public static partial ulong llama_model_size(nint model);

    [LibraryImport(Llama)]
    public static partial ulong llama_model_n_params(nint model);

    [LibraryImport(Llama)]
    public static partial byte* llama_model_chat_template(nint model, byte* name);

    [LibraryImport(Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool llama_model_has_encoder(nint model);

    [LibraryImport(Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool llama_model_has_decoder(nint model);

    [LibraryImport(Llama)]
    public static partial uint llama_n_ctx(nint context);

    [LibraryImport(Llama)]
    public static partial uint llama_n_batch(nint context);

    [LibraryImport(Llama)]
    public static partial uint llama_n_ubatch(nint context);

    [LibraryImport(Llama)]
    public static partial LlamaPoolingType llama_pooling_type(nint context);

    [LibraryImport(Llama)]
    public static partial void llama_set_n_threads(nint context, int threads, int batchThreads);

    [LibraryImport(Llama)]
    public static partial void llama_set_abort_callback(nint context, delegate* unmanaged<void*, byte> callback, void* data);

    // KV cache ("memory")

    [LibraryImport(Llama)]
    public static partial nint llama_get_memory(nint context);

    [LibraryImport(Llama)]
    public static partial void llama_memory_clear(nint memory, [MarshalAs(UnmanagedType.U1)] bool data);

    [LibraryImport(Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool llama_memory_seq_rm(nint memory, int sequence, int fromPosition, int toPosition);

    // Decoding

    [LibraryImport(Llama)]
    public static partial LlamaBatch llama_batch_init(int tokens, int embeddings, int maxSequences);

    [LibraryImport(Llama)]
    public static partial void llama_batch_free(LlamaBatch batch);

    [LibraryImport(Llama)]
    public static partial int llama_decode(nint context, LlamaBatch batch);

    [LibraryImport(Llama)]
    public static partial int llama_encode(nint context, LlamaBatch batch);

    [LibraryImport(Llama)]
    public static partial float* llama_get_embeddings_seq(nint context, int sequence);

    [LibraryImport(Llama)]
    public static partial float* llama_get_embeddings_ith(nint context, int index);

    // Vocabulary

    [LibraryImport(Llama)]
    public static partial int llama_vocab_n_tokens(nint vocab);

    [LibraryImport(Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool llama_vocab_is_eog(nint vocab, int token);

    [LibraryImport(Llama)]
    public static partial int llama_vocab_bos(nint vocab);

    [LibraryImport(Llama)]
    public static partial int llama_tokenize(nint vocab, byte* text, int textLength, int* tokens, int maxTokens,
        [MarshalAs(UnmanagedType.U1)] bool addSpecial, [MarshalAs(UnmanagedType.U1)] bool parseSpecial);

    [LibraryImport(Llama)]
    public static partial int llama_token_to_piece(nint vocab, int token, byte* buffer, int length, int leftStrip,
        [MarshalAs(UnmanagedType.U1)] bool special);

    [LibraryImport(Llama)]
    public static partial int llama_chat_apply_template(byte* template, LlamaChatMessage* messages, nuint count,
        [MarshalAs(UnmanagedType.U1)] bool addAssistant, byte* buffer, int length);

    // Sampling

    [LibraryImport(Llama)]
    public static partial nint llama_sampler_chain_init(LlamaSamplerChainParams parameters);

    [LibraryImport(Llama)]
    public static partial void llama_sampler_chain_add(nint chain, nint sampler);

    [LibraryImport(Llama)]
    public static partial nint llama_sampler_init_greedy();

    [LibraryImport(Llama)]
    public static partial nint llama_sampler_init_dist(uint seed);

    [LibraryImport(Llama)]
    public static partial nint llama_sampler_init_top_k(int k);

    [LibraryImport(Llama)]
    public static partial nint llama_sampler_init_top_p(float p, nuint minKeep);

    [LibraryImport(Llama)]
    public static partial nint llama_sampler_init_temp(float temperature);

    [LibraryImport(Llama)]
    public static partial int llama_sampler_sample(nint sampler, nint context, int index);

    [LibraryImport(Llama)]
    public static partial void llama_sampler_free(nint sampler);
}
