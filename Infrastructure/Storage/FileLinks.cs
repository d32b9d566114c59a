using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using ProductDescriber.BuildingBlocks.Storage;

namespace ProductDescriber.Storage;

/// <summary>
/// Signs and checks <c>/files/{key}?expires=..&amp;signature=..</c> links: HMAC-SHA256 over key and expiry, with a
/// key derived from SECRET_KEY for this purpose only (a link signature can never serve as a token signature).
/// </summary>
internal sealed class FileLinks : IFileLinks
{
    public const string PathPrefix = "/files/";

    private static readonly byte[] DerivationLabel = Encoding.ASCII.GetBytes("product-describer/file-links/v1");

    private readonly byte[] _key;
    private readonly TimeSpan _lifetime;
    private readonly long _bucketSeconds;
    private readonly string _baseUrl;
    private readonly TimeProvider _time;

    public FileLinks(IOptions<StorageOptions> options, TimeProvider time)
    {
        var settings = options.Value;
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(settings.SecretKey), 32, info: DerivationLabel);
        _lifetime = settings.LinkLifetime;
        // Expiries are rounded up to a bucket, so the same file keeps the same URL (and the browser's cached copy)
        // for a third of the lifetime, while every link still lives at least the full lifetime.
        _bucketSeconds = Math.Max(1, (long)settings.LinkLifetime.TotalSeconds / 3);
        _baseUrl = settings.PublicBaseUrl?.TrimEnd('/') ?? "";
        _time = time;
    }

    public string CreateUrl(string key) => CreateUrl(key, _time.GetUtcNow() + _lifetime);

    /// <summary>A link that expires at <paramref name="notBefore"/> or up to one bucket later.</summary>
    public string CreateUrl(string key, DateTimeOffset notBefore)
    {
        StorageKey.Require(key);
        var seconds = notBefore.ToUnixTimeSeconds();
        var expires = (seconds + _bucketSeconds - 1) / _bucketSeconds * _bucketSeconds;
        return string.Create(CultureInfo.InvariantCulture, $"{_baseUrl}{PathPrefix}{key}?expires={expires}&signature={Sign(key, expires)}");
    }

    /// <summary>When the link for <paramref name="key"/> expires, or null when it is expired, malformed or not ours.</summary>
    public DateTimeOffset? Verify(string key, string? expires, string? signature)
    {
        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresSeconds)
            || string.IsNullOrEmpty(signature)
            || expiresSeconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return null;
        }

        byte[] given;
        try
        {
            given = WebEncoders.Base64UrlDecode(signature);
        }
        catch (FormatException)
        {
            return null;
        }

        var expected = Hmac(key, expiresSeconds);
        if (!CryptographicOperations.FixedTimeEquals(given, expected))
        {
            return null;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(expiresSeconds);
        return expiresAt > _time.GetUtcNow() ? expiresAt : null;
    }

    internal string Sign(string key, long expires) => WebEncoders.Base64UrlEncode(Hmac(key, expires));

    // The newline cannot occur in a key, so no (key, expiry) pair signs the same bytes as another.
    private byte[] Hmac(string key, long expires) =>
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{key}\n{expires}")));
}
