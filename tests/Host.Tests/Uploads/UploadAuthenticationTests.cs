using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ProductDescriber.Host.Tests.Http;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Uploads;

/// <summary>
/// Files are spooled to disk, so a multipart request is authenticated before its body is read: without a valid
/// token (none, revoked, expired) the client gets 401 while it is still sending, and not a byte reaches the disk.
/// </summary>
public sealed class UploadAuthenticationTests(UploadHostFixture fixture) : IClassFixture<UploadHostFixture>
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Without_a_token_the_upload_is_refused_with_401_before_its_body_is_sent() =>
        await AssertRefusedBeforeSpoolingAsync(token: null, expectedMessage: "access token");

    [Fact]
    public async Task A_deactivated_users_token_is_refused_before_its_body_is_sent()
    {
        var user = await fixture.Host.CreateUserAsync();
        using var admin = await fixture.Host.AdminAsync();
        await admin.QueryAsync("mutation($id: ID!) { deactivateUser(input: {userId: $id}) { errors { message } } }", new { id = user.Id });

        await AssertRefusedBeforeSpoolingAsync(user.Token, expectedMessage: "no longer active");
    }

    [Fact]
    public async Task An_expired_token_is_refused_before_its_body_is_sent() =>
        await AssertRefusedBeforeSpoolingAsync(Expired(fixture.AdminToken), expectedMessage: "expired");

    private async Task AssertRefusedBeforeSpoolingAsync(string? token, string expectedMessage)
    {
        var body = await UploadBody.OfRandomFilesAsync(900_000, 900_000);
        using var upload = await RawUpload.StartAsync(fixture.Host.BaseAddress, body, token);
        // operations, map and the first 100 KB or so of the first file; the rest never comes.
        await upload.SendAsync(100_000);

        var response = await upload.ReadResponseAsync(Prompt);

        Assert.True(response.Status == 401, response.ToString());
        Assert.Equal("Bearer", response.Header("WWW-Authenticate"));
        Assert.Equal("UNAUTHENTICATED", Assert.Single(response.ErrorCodes));
        Assert.Contains(expectedMessage, response.Errors[0].GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.True(upload.Remaining > 0);
        Assert.Empty(fixture.TempFiles());
    }

    /// <summary>The claims of <paramref name="template"/>, signed like the Host's own tokens, expired five minutes ago.</summary>
    private static string Expired(string template)
    {
        var source = new JsonWebToken(template);
        var expires = DateTime.UtcNow.AddMinutes(-5);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "product-describer",
            Audience = "product-describer",
            IssuedAt = expires.AddMinutes(-30),
            NotBefore = expires.AddMinutes(-30),
            Expires = expires,
            Claims = new[] { "sub", "name", "role", "stamp" }.ToDictionary(c => c, c => (object)source.GetClaim(c).Value),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(TestHost.SecretKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}
