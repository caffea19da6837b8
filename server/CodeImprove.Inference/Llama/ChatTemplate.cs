using System.Runtime.InteropServices;
using System.Text;
using CodeImprove.Inference.Native;

namespace CodeImprove.Inference.Llama;

/// <summary>
/// Formats a conversation with the model's own chat template (tokenizer.chat_template, applied by llama.cpp, which
/// recognises the common template families), or with a plain transcript for models without a usable template.
/// </summary>
internal sealed unsafe class ChatTemplate
{
    private readonly byte[]? template; // UTF-8, zero-terminated

    private ChatTemplate(string? template) =>
        this.template = template is null ? null : Encoding.UTF8.GetBytes(template + "\0");

    /// <summary>"the model's template" or "fallback transcript": what a log line should say.</summary>
    public string Kind => template is null ? "fallback transcript (the model has no chat template)" : "the model's chat template";

    public static ChatTemplate FromModel(LlamaModelHandle model)
    {
        var text = Marshal.PtrToStringUTF8((nint)LlamaNative.llama_model_chat_template(model.DangerousGetHandle(), null));
        var candidate = new ChatTemplate(string.IsNullOrEmpty(text) ? null : text);
        // llama.cpp supports a fixed list of template families; an unrecognised Jinja template gets the fallback.
        return candidate.template is not null && candidate.TryApply([ChatMessage.User("x")]) is null ? new ChatTemplate(null) : candidate;
    }

    public string Apply(IReadOnlyList<ChatMessage> messages) => TryApply(messages) ?? Transcript(messages);

    private string? TryApply(IReadOnlyList<ChatMessage> messages)
    {
        if (template is null)
        {
            return null;
        }
        var strings = new List<GCHandle>();
        try
        {
            var native = new LlamaChatMessage[messages.Count];
            var totalLength = 0;
            for (var i = 0; i < messages.Count; i++)
            {
                native[i].Role = Pin(messages[i].Role, strings);
                native[i].Content = Pin(messages[i].Content, strings);
                totalLength += messages[i].Role.Length + messages[i].Content.Length;
            }
            var buffer = new byte[2 * totalLength + 256];
            fixed (byte* templatePtr = template)
            fixed (LlamaChatMessage* messagesPtr = native)
            {
                while (true)
                {
                    int length;
                    fixed (byte* bufferPtr = buffer)
                    {
                        length = LlamaNative.llama_chat_apply_template(templatePtr, messagesPtr, (nuint)native.Length, true, bufferPtr, buffer.Length);
                    }
                    if (length < 0)
                    {
                        return null;
                    }
                    if (length <= buffer.Length)
                    {
                        return Encoding.UTF8.GetString(buffer, 0, length);
                    }
                    buffer = new byte[length];
                }
            }
        }
        finally
        {
            foreach (var handle in strings)
            {
                handle.Free();
            }
        }
    }

    private static byte* Pin(string text, List<GCHandle> handles)
    {
        var handle = GCHandle.Alloc(Encoding.UTF8.GetBytes(text + "\0"), GCHandleType.Pinned);
        handles.Add(handle);
        return (byte*)handle.AddrOfPinnedObject();
    }

    /// <summary>"System: ...\n\nUser: ...\n\nAssistant:" for base models, which continue such text sensibly.</summary>
    internal static string Transcript(IReadOnlyList<ChatMessage> messages)
    {
        var text = new StringBuilder();
        foreach (var message in messages)
        {
            var role = message.Role.Length == 0 ? message.Role : char.ToUpperInvariant(message.Role[0]) + message.Role[1..];
            text.Append(role).Append(": ").Append(message.Content).Append("\n\n");
        }
        return text.Append("Assistant:").ToString();
    }
}
