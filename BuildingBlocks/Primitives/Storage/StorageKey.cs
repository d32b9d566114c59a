using System.Buffers;

namespace ProductDescriber.BuildingBlocks.Storage;

/// <summary>
/// The one rule for storage keys, shared by every implementation and by the file links: '/'-separated segments of
/// ASCII letters, digits, '.', '_' and '-', no empty, '.' or '..' segment, at most 1024 characters. Such a key cannot
/// name a path outside the storage root on any file system, and needs no escaping in a URL.
/// </summary>
public static class StorageKey
{
    public const int MaxLength = 1024;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/");

    public static bool IsValid(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxLength || key.AsSpan().ContainsAnyExcept(Allowed))
        {
            return false;
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws <see cref="ArgumentException"/> for an invalid key; returns it otherwise.</summary>
    public static string Require(string key) =>
        IsValid(key) ? key : throw new ArgumentException($"Invalid storage key '{key}'.", nameof(key));

    /// <summary>A prefix for <see cref="IFileStorage.DeletePrefixAsync"/>: a valid key, optionally ending with '/'.</summary>
    public static string RequirePrefix(string prefix) =>
        IsValid(prefix.EndsWith('/') ? prefix[..^1] : prefix)
            ? prefix
            : throw new ArgumentException($"Invalid storage prefix '{prefix}'.", nameof(prefix));
}
