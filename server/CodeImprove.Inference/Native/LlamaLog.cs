using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;

namespace CodeImprove.Inference.Native;

/// <summary>
/// Routes llama.cpp/ggml log output (stderr by default, which would mix with a CLI's output) to an ILogger,
/// and lets a loader collect the warnings and errors its own thread produced, because llama.cpp reports why
/// a load failed only through the log.
/// </summary>
internal static unsafe class LlamaLog
{
    private static ILogger logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    [ThreadStatic] private static StringBuilder? pendingLine;
    [ThreadStatic] private static GgmlLogLevel pendingLevel;
    [ThreadStatic] private static List<string>? captured;

    public static void Install(ILogger target)
    {
        logger = target;
        LlamaNative.llama_log_set(&OnLog, null);
    }

    /// <summary>Collects warning and error lines logged on this thread until the scope is disposed.</summary>
    public static CaptureScope Capture() => new();

    public sealed class CaptureScope : IDisposable
    {
        private readonly List<string>? previous = captured;

        public CaptureScope() => captured = Lines;

        public List<string> Lines { get; } = [];

        public void Dispose() => captured = previous;
    }

    [UnmanagedCallersOnly]
    private static void OnLog(GgmlLogLevel level, byte* text, void* userData)
    {
        try
        {
            var line = pendingLine ??= new StringBuilder();
            if (level != GgmlLogLevel.Continue)
            {
                pendingLevel = level;
            }
            line.Append(Marshal.PtrToStringUTF8((nint)text));
            if (line.Length == 0 || line[^1] != '\n')
            {
                return; // llama.cpp sends some lines in pieces
            }
            var message = line.ToString().TrimEnd();
            line.Clear();
            Write(pendingLevel, message);
        }
        catch
        {
            // An exception must not cross into native code.
        }
    }

    private static void Write(GgmlLogLevel level, string message)
    {
        if (level >= GgmlLogLevel.Warn)
        {
            captured?.Add(message);
        }
        // Info is llama.cpp's chatter about every tensor and hyperparameter: debug level here.
        var mapped = level switch
        {
            GgmlLogLevel.Error => LogLevel.Error,
            GgmlLogLevel.Warn => LogLevel.Information, // load chatter such as "bad special token"; failures become exceptions
            GgmlLogLevel.Info => LogLevel.Debug,
            _ => LogLevel.Trace,
        };
        logger.Log(mapped, "llama.cpp: {Message}", message);
    }
}
