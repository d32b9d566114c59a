using System.Security.Cryptography;
using System.Text;

namespace ProductDescriber.Webhooks.Signing;

/// <summary>
/// The Standard Webhooks signature: HMAC-SHA256 with the secret's key over <c>{webhook-id}.{webhook-timestamp}.{body}</c>,
/// base64, written <c>v1,&lt;base64&gt;</c>; several (during a rotation's grace) separated by spaces.
/// </summary>
internal static class WebhookSigner
{
    public static string Sign(string messageId, long timestamp, ReadOnlySpan<byte> body, IEnumerable<string> secrets)
    {
        var prefix = Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{messageId}.{timestamp}."));
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return string.Join(' ', secrets.Select(secret => "v1," + Convert.ToBase64String(HMACSHA256.HashData(WebhookSecret.KeyOf(secret), content))));
    }
}
