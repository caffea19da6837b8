using CodeImprove.Inference.Llama;
using CodeImprove.Inference.Manifest;
using CodeImprove.Inference.OpenAi;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeImprove.Inference;

/// <summary>Opens the model the options name: a GGUF file in process (its sha256 checked once if it is a manifest model), or an OpenAI-compatible endpoint.</summary>
public static class ModelFactory
{
    /// <param name="probe">How to test CUDA in a child process (the host's hidden command); null keeps a GGUF on the CPU.</param>
    /// <param name="checksum">The manifest check; null uses models/models.json beside the assemblies and the user's cache folder.</param>
    public static async Task<IModel> CreateAsync(ModelOptions options, ILogger? logger = null, GpuProbe? probe = null,
        ModelChecksum? checksum = null, CancellationToken cancellationToken = default)
    {
        logger ??= NullLogger.Instance;
        if (options.Endpoint is not null && !string.IsNullOrWhiteSpace(options.Path))
        {
            throw new ModelException($"both model.path ({options.Path}) and model.endpoint ({options.Endpoint}) are set; keep one");
        }
        if (options.Endpoint is not null)
        {
            return await OpenAiModel.ConnectAsync(options, cancellationToken: cancellationToken);
        }
        if (options.Path is { } path && File.Exists(path))
        {
            var file = new FileInfo(path);
            if (((file.LinkTarget is null ? file : file.ResolveLinkTarget(returnFinalTarget: true)) as FileInfo ?? file).Length == 0)
            {
                throw new ModelException($"model.path '{path}' is empty or not a regular file (a device, a pipe, or a link to one); point model.path at a .gguf file");
            }
            checksum ??= File.Exists(ModelManifest.DefaultPath)
                ? new ModelChecksum(ModelManifest.Load(ModelManifest.DefaultPath), ModelChecksum.DefaultCacheDirectory, logger)
                : null;
            if (checksum is not null)
            {
                await checksum.VerifyAsync(path, cancellationToken);
            }
        }
        return await LlamaModel.LoadAsync(options, logger, probe, cancellationToken);
    }
}
