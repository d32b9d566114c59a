using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ProductDescriber.Webhooks.Signing;

/// <summary>
/// Keeps endpoint secrets encrypted at rest (AES-256-GCM, a fresh nonce each), under a key derived with HKDF from
/// <see cref="WebhooksOptions.SecretKey"/>: a copy of the database alone cannot sign a delivery. The stored form is
/// nonce (12 bytes), ciphertext, tag (16 bytes); the endpoint's id is bound in as associated data, so a ciphertext
/// moved to another endpoint does not decrypt.
/// </summary>
internal sealed class SecretProtector(IOptions<WebhooksOptions> options)
{
    private static readonly byte[] Purpose = Encoding.UTF8.GetBytes("ProductDescriber.Webhooks.EndpointSecrets.v1");

    private byte[] Key => HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(options.Value.SecretKey), 32, salt: [], info: Purpose);

    public byte[] Protect(string secret, long endpointId)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[12 + plain.Length + 16];
        var nonce = sealedBytes.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(Key, 16);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(12, plain.Length), sealedBytes.AsSpan(12 + plain.Length), AssociatedData(endpointId));
        return sealedBytes;
    }

    public string Unprotect(byte[] sealedBytes, long endpointId)
    {
        var length = sealedBytes.Length - 12 - 16;
        var plain = new byte[length];
        using var aes = new AesGcm(Key, 16);
        aes.Decrypt(sealedBytes.AsSpan(0, 12), sealedBytes.AsSpan(12, length), sealedBytes.AsSpan(12 + length), plain, AssociatedData(endpointId));
        return Encoding.UTF8.GetString(plain);
    }

    private static byte[] AssociatedData(long endpointId) => BitConverter.GetBytes(endpointId);
}
