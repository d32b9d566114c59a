using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using ProductDescriber.Imaging;

namespace ProductDescriber.BuildingBlocks.Storage.Thumbnails;

/// <summary>
/// Where an image's thumbnails are stored: beside the original, <c>{folder}/{stem}.{ext}</c> has
/// <c>{folder}/thumbs/{stem}-{size}.webp|.jpg</c>. One scheme for every module, so a thumbnail key names its original
/// and deleting <see cref="DerivedPrefix"/> removes every thumbnail of an image.
/// </summary>
public static partial class ThumbnailKeys
{
    public static string For(string originalKey, int size, ThumbnailFormat format) =>
        $"{DerivedPrefix(originalKey)}{size.ToString(CultureInfo.InvariantCulture)}{ThumbnailSizes.Extension(format)}";

    /// <summary>Everything derived from an original (its thumbnails), as a prefix for deletion.</summary>
    public static string DerivedPrefix(string originalKey)
    {
        var slash = originalKey.LastIndexOf('/');
        var folder = slash < 0 ? "" : originalKey[..(slash + 1)];
        var name = originalKey[(slash + 1)..];
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return $"{folder}thumbs/{(dot < 0 ? name : name[..dot])}-";
    }

    /// <summary>Reads a thumbnail key: a fixed size and a known format, or false.</summary>
    public static bool TryParse(string key, [NotNullWhen(true)] out ThumbnailKey? thumbnail)
    {
        thumbnail = null;
        var match = Pattern().Match(key);
        if (!match.Success
            || !int.TryParse(match.Groups["size"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            || !ThumbnailSizes.IsValid(size)
            || ThumbnailSizes.FormatOf(match.Groups["ext"].Value) is not { } format)
        {
            return false;
        }

        thumbnail = new ThumbnailKey(key, match.Groups["folder"].Value, match.Groups["stem"].Value, size, format);
        return true;
    }

    [GeneratedRegex(@"^(?<folder>[A-Za-z0-9_./-]+)/thumbs/(?<stem>[A-Za-z0-9_]+)-(?<size>[0-9]{1,4})(?<ext>\.webp|\.jpg)$")]
    private static partial Regex Pattern();
}

/// <summary>A parsed thumbnail key: the original is <c>{Folder}/{Stem}.{some extension}</c>.</summary>
public sealed record ThumbnailKey(string Key, string Folder, string Stem, int Size, ThumbnailFormat Format)
{
    /// <summary>Whether <paramref name="originalKey"/> is the original this thumbnail is made from.</summary>
    public bool IsOf(string originalKey) => ThumbnailKeys.For(originalKey, Size, Format) == Key;
}
