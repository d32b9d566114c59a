using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Identity.Tests.Support;

/// <summary>
/// Mints access tokens the way an attacker (or a clock) would: from the claims of a real token, changing one
/// thing at a time, so that each refusal is caused by exactly that thing.
/// </summary>
internal static class TestTokens
{
    public const string Issuer = "product-describer";

    public static readonly SymmetricSecurityKey Key = new(Encoding.UTF8.GetBytes(TestHost.SecretKey));

    /// <summary>The user claims (sub, name, role, stamp) of a token the Host issued.</summary>
    public static Dictionary<string, object> ClaimsOf(string token)
    {
        var jwt = new JsonWebToken(token);
        return new Dictionary<string, object>
        {
            ["sub"] = jwt.GetClaim("sub").Value,
            ["name"] = jwt.GetClaim("name").Value,
            ["role"] = jwt.GetClaim("role").Value,
            ["stamp"] = jwt.GetClaim("stamp").Value,
        };
    }

    public static string Mint(
        IDictionary<string, object> claims,
        DateTime? expires = null,
        DateTime? notBefore = null,
        SecurityKey? key = null,
        string algorithm = SecurityAlgorithms.HmacSha256,
        string issuer = Issuer,
        string audience = Issuer)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            NotBefore = notBefore ?? now.AddMinutes(-1),
            IssuedAt = notBefore ?? now.AddMinutes(-1),
            Expires = expires ?? now.AddMinutes(10),
            SigningCredentials = new SigningCredentials(key ?? Key, algorithm),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>header.payload.signature built by hand, for headers a library would refuse to write.</summary>
    public static string HandBuilt(object header, IDictionary<string, object> claims, Func<byte[], byte[]>? sign)
    {
        var now = DateTimeOffset.UtcNow;
        var payload = new Dictionary<string, object>(claims)
        {
            ["iss"] = Issuer,
            ["aud"] = Issuer,
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["iat"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(10).ToUnixTimeSeconds(),
        };
        var signingInput = $"{Encode(JsonSerializer.SerializeToUtf8Bytes(header))}.{Encode(JsonSerializer.SerializeToUtf8Bytes(payload))}";
        var signature = sign is null ? "" : Encode(sign(Encoding.ASCII.GetBytes(signingInput)));
        return $"{signingInput}.{signature}";
    }

    public static byte[] HmacSha256(byte[] data) => HMACSHA256.HashData(Key.Key, data);

    public static byte[] HmacSha512(byte[] data) => HMACSHA512.HashData(Key.Key, data);

    public static string Encode(byte[] bytes) => Base64UrlEncoder.Encode(bytes);
}
