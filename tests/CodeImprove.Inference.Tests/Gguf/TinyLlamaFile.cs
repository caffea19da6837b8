namespace CodeImprove.Inference.Tests.Gguf;

/// <summary>
/// Writes a tiny llama-architecture GGUF with random weights (2 layers, width 32, ~300-token SentencePiece vocabulary
/// with byte fallback): real llama.cpp loading and decoding without any downloaded model.
/// </summary>
internal static class TinyLlamaFile
{
    public const int Width = 32;
    private const int Layers = 2;
    private const int Heads = 4;
    private const int KvHeads = 2;
    private const int FeedForward = 64;
    public const int TrainedContext = 128;

    /// <summary>ChatML, which llama.cpp's template detection recognises.</summary>
    public const string ChatMlTemplate =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
        "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    public static string Write(string path, int seed = 1, string architecture = "llama", string? chatTemplate = null)
    {
        var random = new Random(seed);
        var (tokens, scores, types) = Vocabulary();
        var writer = new GgufWriter()
            .Add("general.architecture", architecture)
            .Add("general.name", "tiny-random-llama")
            .Add($"{architecture}.context_length", (uint)TrainedContext)
            .Add($"{architecture}.embedding_length", (uint)Width)
            .Add($"{architecture}.block_count", (uint)Layers)
            .Add($"{architecture}.feed_forward_length", (uint)FeedForward)
            .Add($"{architecture}.attention.head_count", (uint)Heads)
            .Add($"{architecture}.attention.head_count_kv", (uint)KvHeads)
            .Add($"{architecture}.rope.dimension_count", (uint)(Width / Heads))
            .Add($"{architecture}.attention.layer_norm_rms_epsilon", 1e-5f)
            .Add("tokenizer.ggml.model", "llama")
            .Add("tokenizer.ggml.tokens", tokens)
            .Add("tokenizer.ggml.scores", scores)
            .Add("tokenizer.ggml.token_type", types)
            .Add("tokenizer.ggml.unknown_token_id", 0u)
            .Add("tokenizer.ggml.bos_token_id", 1u)
            .Add("tokenizer.ggml.eos_token_id", 2u);
        if (chatTemplate is not null)
        {
            writer.Add("tokenizer.chat_template", chatTemplate);
        }
        var kvWidth = Width / Heads * KvHeads;
        writer.AddTensor("token_embd.weight", [Width, tokens.Count], Random(random, Width * tokens.Count))
            .AddTensor("output_norm.weight", [Width], Ones(Width))
            .AddTensor("output.weight", [Width, tokens.Count], Random(random, Width * tokens.Count));
        for (var layer = 0; layer < Layers; layer++)
        {
            var blk = $"blk.{layer}.";
            writer.AddTensor(blk + "attn_norm.weight", [Width], Ones(Width))
                .AddTensor(blk + "attn_q.weight", [Width, Width], Random(random, Width * Width))
                .AddTensor(blk + "attn_k.weight", [Width, kvWidth], Random(random, Width * kvWidth))
                .AddTensor(blk + "attn_v.weight", [Width, kvWidth], Random(random, Width * kvWidth))
                .AddTensor(blk + "attn_output.weight", [Width, Width], Random(random, Width * Width))
                .AddTensor(blk + "ffn_norm.weight", [Width], Ones(Width))
                .AddTensor(blk + "ffn_gate.weight", [Width, FeedForward], Random(random, Width * FeedForward))
                .AddTensor(blk + "ffn_up.weight", [Width, FeedForward], Random(random, Width * FeedForward))
                .AddTensor(blk + "ffn_down.weight", [FeedForward, Width], Random(random, FeedForward * Width));
        }
        writer.WriteTo(path);
        return path;
    }

    /// <summary>&lt;unk&gt;, &lt;s&gt;, &lt;/s&gt;, the 256 byte tokens, then "▁" and letters with and without a word start.</summary>
    private static (List<string> Tokens, List<float> Scores, List<int> Types) Vocabulary()
    {
        List<string> tokens = ["<unk>", "<s>", "</s>"];
        List<int> types = [2, 3, 3]; // unknown, control, control
        for (var b = 0; b < 256; b++)
        {
            tokens.Add($"<0x{b:X2}>");
            types.Add(6); // byte
        }
        tokens.Add("\u2581");
        types.Add(1);
        for (var c = 'a'; c <= 'z'; c++)
        {
            tokens.Add(c.ToString());
            tokens.Add("\u2581" + c);
            types.Add(1);
            types.Add(1);
        }
        var scores = tokens.Select((t, i) => types[i] == 1 ? -t.Length : 0f).ToList();
        return (tokens, scores, types);
    }

    private static float[] Ones(int count) => Enumerable.Repeat(1f, count).ToArray();

    private static float[] Random(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1) * 0.5f).ToArray();
}
