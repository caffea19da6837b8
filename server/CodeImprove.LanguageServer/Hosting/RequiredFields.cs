using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace CodeImprove.LanguageServer.Hosting;

/// <summary>
/// Finds the first field a client left out or sent as null although the protocol type declares it non-nullable
/// (<c>textDocument.uri</c>, <c>range.start</c>, ...): System.Text.Json fills such a field with null rather than refuse the
/// message, and a handler would then fail deep inside instead of answering InvalidParams with the field's name.
/// </summary>
internal static class RequiredFields
{
    private static readonly Assembly Protocol = typeof(CodeImprove.Protocol.LspMethods).Assembly;
    private static readonly ConcurrentDictionary<Type, (PropertyInfo Property, string Name, bool Required)[]> Shapes = new();

    /// <summary>The JSON path of the first missing required field (e.g. "context" or "range.start"), or null.</summary>
    public static string? FirstMissing(object value, int depth = 0)
    {
        if (depth > 16)
        {
            return null;
        }
        foreach (var (property, name, required) in ShapeOf(value.GetType()))
        {
            var member = property.GetValue(value);
            if (member is null)
            {
                if (required)
                {
                    return name;
                }
                continue;
            }
            var inner = member switch
            {
                string => null,
                IEnumerable items => items.Cast<object?>().Select((item, i) => item is null ? null : FirstMissing(item, depth + 1) is { } path ? $"[{i}].{path}" : null).FirstOrDefault(p => p is not null),
                _ when member.GetType().Assembly == Protocol => FirstMissing(member, depth + 1),
                _ => null,
            };
            if (inner is not null)
            {
                return inner.StartsWith('[') ? name + inner : name + "." + inner;
            }
        }
        return null;
    }

    private static (PropertyInfo, string, bool)[] ShapeOf(Type type) => Shapes.GetOrAdd(type, static t =>
    {
        if (t.Assembly != Protocol)
        {
            return [];
        }
        var nullability = new NullabilityInfoContext();
        return [.. t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.CanRead && !p.PropertyType.IsValueType)
            .Select(p => (p, char.ToLowerInvariant(p.Name[0]) + p.Name[1..], nullability.Create(p).ReadState == NullabilityState.NotNull))];
    });
}
