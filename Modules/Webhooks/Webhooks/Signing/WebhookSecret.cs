using System.Security.Cryptography;

namespace ProductDescriber.Webhooks.Signing;

/// <summary>An endpoint's signing secret in the Standard Webhooks form: <c>whsec_</c> then base64 of 32 random bytes.</summary>
internal static class WebhookSecret
{
    public const string Prefix = "whsec_";

    public static string Create() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The HMAC key: the bytes the base64 after the prefix stands for.</summary>
    public static byte[] KeyOf(string secret) => Convert.FromBase64String(secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret);
}
