using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace ProductDescriber.BuildingBlocks.GraphQL.Relay;

/// <summary>
/// Opaque Relay ids in HotChocolate's format, <c>base64("TypeName:key")</c>, so clients written against
/// HotChocolate servers handle ours the same way. Opaque means clients must not build them; we still accept
/// only well-formed ones and never trust the type part without checking it.
/// </summary>
public static class GlobalId
{
    private const int MaxEncodedLength = 200;

    public static string Encode(string typeName, long key) =>
        Encode(typeName, key.ToString(CultureInfo.InvariantCulture));

    public static string Encode(string typeName, string key) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{typeName}:{key}"));

    public static bool TryDecode(string? id, [NotNullWhen(true)] out string? typeName, [NotNullWhen(true)] out string? key)
    {
        typeName = key = null;
        if (string.IsNullOrEmpty(id) || id.Length > MaxEncodedLength || !Base64.IsValid(id))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(Convert.FromBase64String(id));
        var separator = text.IndexOf(':');
        if (separator <= 0 || separator == text.Length - 1)
        {
            return false;
        }

        typeName = text[..separator];
        key = text[(separator + 1)..];
        return true;
    }

    /// <summary>Decodes an id that must name <paramref name="expectedType"/> with a positive integer key.</summary>
    public static bool TryDecodeLong(string? id, string expectedType, out long key)
    {
        key = 0;
        return TryDecode(id, out var typeName, out var text) && typeName == expectedType && TryParseLongKey(text, out key);
    }

    /// <summary>
    /// Reads a positive integer key written as <see cref="Encode(string, long)"/> writes it; "007" is refused,
    /// since it would be a second id for the same object in clients' caches.
    /// </summary>
    public static bool TryParseLongKey(string key, out long value)
    {
        if (long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out value)
            && value > 0
            && key == value.ToString(CultureInfo.InvariantCulture))
        {
            return true;
        }

        value = 0;
        return false;
    }
}
