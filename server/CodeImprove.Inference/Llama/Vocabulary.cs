using System.Text;
using CodeImprove.Inference.Native;

namespace CodeImprove.Inference.Llama;

/// <summary>Text to tokens and back through a model's llama_vocab (valid while the model handle lives).</summary>
internal sealed unsafe class Vocabulary(nint vocab)
{
    public int Size => LlamaNative.llama_vocab_n_tokens(vocab);

    /// <param name="addSpecial">add BOS/EOS as the model is configured to</param>
    /// <param name="parseSpecial">read control-token text such as &lt;|im_start|&gt; as the control token (chat templates)</param>
    public int[] Tokenize(string text, bool addSpecial, bool parseSpecial)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var tokens = new int[bytes.Length + 4];
        fixed (byte* textPtr = bytes)
        {
            while (true)
            {
                int count;
                fixed (int* tokenPtr = tokens)
                {
                    count = LlamaNative.llama_tokenize(vocab, textPtr, bytes.Length, tokenPtr, tokens.Length, addSpecial, parseSpecial);
                }
                if (count >= 0)
                {
                    return tokens[..count];
                }
                if (count == int.MinValue)
                {
                    throw new ModelException($"the text ({bytes.Length:N0} bytes) has more tokens than llama.cpp can count");
                }
                tokens = new int[-count]; // too small: -count is the size needed
            }
        }
    }

    /// <summary>Tokens of a formatted chat prompt. Templates often write the BOS text themselves; a second BOS is dropped.</summary>
    public int[] TokenizeChat(string formatted)
    {
        var tokens = Tokenize(formatted, addSpecial: true, parseSpecial: true);
        var bos = LlamaNative.llama_vocab_bos(vocab);
        return tokens.Length >= 2 && tokens[0] == bos && tokens[1] == bos ? tokens[1..] : tokens;
    }

    public bool IsEndOfGeneration(int token) => LlamaNative.llama_vocab_is_eog(vocab, token);

    /// <summary>The bytes of one token as text (no special-token text); a piece may end inside a UTF-8 character.</summary>
    public byte[] Piece(int token)
    {
        Span<byte> buffer = stackalloc byte[128];
        fixed (byte* ptr = buffer)
        {
            var length = LlamaNative.llama_token_to_piece(vocab, token, ptr, buffer.Length, 0, special: false);
            if (length >= 0)
            {
                return buffer[..length].ToArray();
            }
            var large = new byte[-length];
            fixed (byte* largePtr = large)
            {
                LlamaNative.llama_token_to_piece(vocab, token, largePtr, large.Length, 0, special: false);
            }
            return large;
        }
    }

    /// <summary>Concatenates the pieces' bytes and decodes UTF-8 once (llama_detokenize would clean up spaces for BPE).</summary>
    public string Detokenize(IEnumerable<int> tokens)
    {
        var bytes = new List<byte>();
        foreach (var token in tokens)
        {
            bytes.AddRange(Piece(token));
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
