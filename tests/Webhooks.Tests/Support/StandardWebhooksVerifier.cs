using System.Security.Cryptography;
using System.Text;

namespace ProductDescriber.Webhooks.Tests.Support;

/// <summary>
/// A receiver's check, written from the Standard Webhooks specification and not from the product's signer: the
/// signed content is <c>{webhook-id}.{webhook-timestamp}.{body}</c>; the key is the base64 after <c>whsec_</c>;
/// <c>webhook-signature</c> holds space-separated <c>v1,&lt;base64 HMAC-SHA256&gt;</c> entries, any of which may match;
/// the timestamp must be within five minutes of now.
/// </summary>
public static class StandardWebhooksVerifier
{
    public static bool Verify(string secret, ReceivedRequest request)
    {
        var id = request.Headers["webhook-id"];
        var timestamp = request.Headers["webhook-timestamp"];
        if (Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture)) > 300)
        {
            return false;
        }

        using var hmac = new HMACSHA256(Convert.FromBase64String(secret["whsec_".Length..]));
        var expected = hmac.ComputeHash(Encoding.UTF8.GetBytes($"{id}.{timestamp}.{request.Body}"));
        return request.Headers["webhook-signature"]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(entry => entry.StartsWith("v1,", StringComparison.Ordinal))
            .Select(entry => Convert.FromBase64String(entry[3..]))
            .Any(signature => CryptographicOperations.FixedTimeEquals(signature, expected));
    }
}
