using CodeImprove.Inference.Native;

namespace CodeImprove.Inference.Llama;

/// <summary>Opens a GGUF file with llama.cpp, turning each way it can fail into a message that names the file and the fix.</summary>
internal static class LlamaModelLoader
{
    /// <summary>Checks that <paramref name="path"/> is an existing, complete GGUF header and returns it.</summary>
    public static GgufHeader ReadHeader(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ModelException("no model is configured: set model.path to a .gguf file or model.endpoint to an OpenAI-compatible server (see models/README.md)");
        }
        if (!File.Exists(path))
        {
            throw new ModelException(
                $"model file not found: {Path.GetFullPath(path)}. Set model.path to an existing .gguf file; " +
                "models/download.sh fetches the recommended ones (see models/README.md).");
        }
        return GgufHeader.Read(path);
    }

    /// <summary>Loads the weights (the library folder must be loaded); <paramref name="gpuLayers"/> negative = all.</summary>
    public static LlamaModelHandle Load(GgufHeader header, int gpuLayers, bool vocabularyOnly = false)
    {
        var parameters = LlamaNative.llama_model_default_params();
        parameters.GpuLayers = gpuLayers;
        parameters.VocabOnly = vocabularyOnly;
        nint model;
        List<string> log;
        using (var capture = LlamaLog.Capture())
        {
            model = LlamaNative.llama_model_load_from_file(header.Path, parameters);
            log = capture.Lines;
        }
        if (model == 0)
        {
            throw LoadFailure(header, log);
        }
        return new LlamaModelHandle(model);
    }

    private static ModelException LoadFailure(GgufHeader header, List<string> log)
    {
        var file = Path.GetFileName(header.Path);
        if (log.Any(l => l.Contains("unknown model architecture", StringComparison.Ordinal)))
        {
            return new ModelException(
                $"{file} is a '{header.Architecture}' model, an architecture this llama.cpp build (v0.5.0) does not support ({header.Path}). " +
                "Use a GGUF of a supported architecture (e.g. Qwen2.5-Coder, see models/README.md) or serve it elsewhere and set model.endpoint.");
        }
        var reason = log.LastOrDefault(l => l.Contains("error loading model", StringComparison.Ordinal)) ?? log.LastOrDefault() ?? "no reason given";
        var fix = log.Any(l => l.Contains("corrupted or incomplete", StringComparison.Ordinal) || l.Contains("failed to read", StringComparison.Ordinal))
            ? "The file is incomplete or damaged: download it again (models/download.sh checks the sha256)."
            : log.Any(l => l.Contains("alloc", StringComparison.OrdinalIgnoreCase) || l.Contains("out of memory", StringComparison.OrdinalIgnoreCase))
                ? "Not enough memory: use a smaller quantization, fewer model.gpuLayers, or a smaller model."
                : "Check that it is a complete GGUF model for llama.cpp; download it again if in doubt.";
        return new ModelException($"llama.cpp could not load {file} ({header.Path}): {reason}. {fix}");
    }
}
