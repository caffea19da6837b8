using System.Text;
using CodeImprove.Inference.Llama;
using CodeImprove.Inference.Native;
using CodeImprove.Tests;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeImprove.Inference.Tests.Llama;

/// <summary>llama.cpp's own tokenizer cases (../shared/models/vocab/testcases) through this binding, vocabulary only.</summary>
public sealed class TokenizerTests
{
    public static TheoryData<string> VocabFiles =>
    [
        "ggml-vocab-bert-bge.gguf", "ggml-vocab-deepseek-coder.gguf", "ggml-vocab-gpt-2.gguf",
        "ggml-vocab-llama-spm.gguf", "ggml-vocab-phi-3.gguf", "ggml-vocab-starcoder.gguf",
    ];

    /// <summary>Byte-level BPE vocabularies, where concatenated piece bytes give back the input exactly.</summary>
    public static TheoryData<string> ByteLevelVocabFiles => ["ggml-vocab-deepseek-coder.gguf", "ggml-vocab-gpt-2.gguf", "ggml-vocab-starcoder.gguf"];

    [Theory]
    [MemberData(nameof(VocabFiles))]
    public void Tokenizes_every_llama_cpp_test_case(string vocabFile)
    {
        var cases = ReadCases(vocabFile);
        using var model = LoadVocabulary(vocabFile, out var vocabulary);

        Assert.Equal(46, cases.Count);
        foreach (var (text, expected) in cases)
        {
            Assert.Equal(expected, vocabulary.Tokenize(text, addSpecial: false, parseSpecial: false));
        }
    }

    [Theory]
    [MemberData(nameof(ByteLevelVocabFiles))]
    public void Detokenizing_gives_back_the_exact_text_even_where_tokens_split_characters(string vocabFile)
    {
        var cases = ReadCases(vocabFile);
        using var model = LoadVocabulary(vocabFile, out var vocabulary);

        var splitCharacters = 0;
        foreach (var (text, _) in cases)
        {
            var tokens = vocabulary.Tokenize(text, addSpecial: false, parseSpecial: false);
            splitCharacters += tokens.Count(t => !IsWholeUtf8(vocabulary.Piece(t)));
            Assert.Equal(text, vocabulary.Detokenize(tokens));
        }
        Assert.True(splitCharacters > 0, "the cases include tokens that end inside a multi-byte character");
    }

    private static bool IsWholeUtf8(byte[] bytes)
    {
        try
        {
            new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static LlamaModelHandle LoadVocabulary(string vocabFile, out Vocabulary vocabulary)
    {
        LlamaLibrary.EnsureLoaded(LlamaLibrary.CpuDirectory, NullLogger.Instance);
        var model = LlamaModelLoader.Load(LlamaModelLoader.ReadHeader(TestPaths.RequireShared($"models/vocab/{vocabFile}")), 0, vocabularyOnly: true);
        vocabulary = new Vocabulary(LlamaNative.llama_model_get_vocab(model.DangerousGetHandle()));
        return model;
    }

    /// <summary>Inputs are separated by "\n__ggml_vocab_test__\n"; each expected line holds space-separated token ids.</summary>
    private static List<(string Text, int[] Tokens)> ReadCases(string vocabFile)
    {
        var input = File.ReadAllText(TestPaths.RequireShared($"models/vocab/testcases/{vocabFile}.inp"));
        var output = File.ReadAllLines(TestPaths.RequireShared($"models/vocab/testcases/{vocabFile}.out"));
        var texts = input.Split("\n__ggml_vocab_test__\n")[..^1];
        Assert.Equal(texts.Length, output.Length);
        return texts.Zip(output, (text, line) => (text, line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray())).ToList();
    }
}
