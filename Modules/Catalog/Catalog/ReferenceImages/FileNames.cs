using System.Text;

namespace ProductDescriber.Catalog.ReferenceImages;

/// <summary>Turns a client's file name into one safe to store and show: no folders, no control characters.</summary>
internal static class FileNames
{
    public const int MaxLength = 255;

    /// <summary>Longest tail kept as the extension when a name is cut to <see cref="MaxLength"/>.</summary>
    private const int MaxExtensionLength = 16;

    /// <summary>The last path part (either separator) without control characters, trimmed, at most 255 characters
    /// with the extension kept; <c>"image" + fallbackExtension</c> when nothing is left.</summary>
    public static string Sanitize(string? clientName, string fallbackExtension)
    {
        var fallback = "image" + fallbackExtension;
        if (string.IsNullOrEmpty(clientName))
        {
            return fallback;
        }

        var lastPart = clientName[(clientName.LastIndexOfAny(['/', '\\']) + 1)..];
        var kept = new StringBuilder(lastPart.Length);
        foreach (var c in lastPart)
        {
            if (!char.IsControl(c) && !IsBidiControl(c))
            {
                kept.Append(c);
            }
        }

        // Trimming dots also removes "." and "..", which would otherwise name a folder.
        var name = kept.ToString().Trim(' ', '.', '\u00A0', '\u3000');
        return name.Length == 0 ? fallback : Shorten(name);
    }

    // Explicit embeddings, overrides and isolates (and the marks) can make "gpj.exe" read as "exe.jpg".
    private static bool IsBidiControl(char c) =>
        c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static string Shorten(string name)
    {
        if (name.Length <= MaxLength)
        {
            return name;
        }

        var dot = name.LastIndexOf('.');
        var extension = dot > 0 && name.Length - dot <= MaxExtensionLength ? name[dot..] : "";
        var stemLength = MaxLength - extension.Length;
        if (char.IsHighSurrogate(name[stemLength - 1]))
        {
            stemLength--; // never split a surrogate pair
        }

        return name[..stemLength].TrimEnd(' ', '.') + extension;
    }
}
