using System.Net;
using Npgsql;
using ProductDescriber.Webhooks.Tests.Support;

namespace ProductDescriber.Webhooks.Tests;

/// <summary>registerWebhook: the secret shown once and never stored readable; URLs that reach internal addresses refused.</summary>
public sealed class RegistrationTests(WebhooksHostFixture fixture) : IClassFixture<WebhooksHostFixture>
{
    [Fact]
    public async Task Registering_returns_a_Standard_Webhooks_secret_that_is_not_stored_as_it_was_shown()
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.NewProductAsync();

        var registered = await admin.RegisterAsync(fixture.Receiver.Url("secret"), product);

        Assert.StartsWith("whsec_", registered.Secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(registered.Secret["whsec_".Length..]).Length);
        await using var connection = new NpgsqlConnection(fixture.Host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT secret_cipher FROM webhooks.endpoints", connection);
        var stored = new List<byte[]>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                stored.Add((byte[])reader[0]);
            }
        }

        var key = Convert.FromBase64String(registered.Secret["whsec_".Length..]);
        Assert.NotEmpty(stored);
        Assert.All(stored, cipher => Assert.False(cipher.AsSpan().IndexOf(key) >= 0 || cipher.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(registered.Secret)) >= 0));
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::1]:9/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://localhost:9/hook")]
    [InlineData("http://[::ffff:127.0.0.1]:9/hook")]
    public async Task A_URL_reaching_an_internal_address_is_refused_at_registration(string url)
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.NewProductAsync();

        var payload = await admin.RegisterPayloadAsync(url, ["GENERATION_SUCCEEDED"], product);

        var error = Assert.Single(payload.GetProperty("errors").EnumerateArray());
        Assert.Equal("VALIDATION_FAILED", error.Json("code"));
        Assert.Equal("url", error.Json("field"));
        Assert.Contains("internal address", error.Json("message"), StringComparison.Ordinal);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, payload.GetProperty("secret").ValueKind);
    }

    [Fact]
    public async Task The_receivers_own_port_is_allowed_by_setting_but_another_port_on_the_same_address_is_not()
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.NewProductAsync();

        var allowed = await admin.RegisterPayloadAsync(fixture.Receiver.Url("allowed"), ["GENERATION_SUCCEEDED"], product);
        var other = await admin.RegisterPayloadAsync($"http://127.0.0.1:{fixture.Receiver.Port + 1}/x", ["GENERATION_SUCCEEDED"], product);

        Assert.Equal(0, allowed.GetProperty("errors").GetArrayLength());
        Assert.Equal(1, other.GetProperty("errors").GetArrayLength());
    }

    [Fact]
    public async Task Another_user_neither_sees_nor_rotates_an_endpoint_and_an_admin_sees_it()
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.NewProductAsync();
        var member = await fixture.Host.CreateUserAsync();
        using var memberClient = fixture.Host.CreateGraphQLClient(member.Token);
        var own = await memberClient.RegisterAsync(fixture.Receiver.Url("members"), product);

        var adminView = await admin.EndpointAsync(own.EndpointId);
        var stranger = await fixture.Host.CreateUserAsync();
        using var strangerClient = fixture.Host.CreateGraphQLClient(stranger.Token);
        var strangerView = await strangerClient.EndpointAsync(own.EndpointId);
        var rotate = await strangerClient.QueryAsync("mutation($i: RotateWebhookSecretInput!) { rotateWebhookSecret(input: $i) { secret errors { code } } }", new { i = new { endpointId = own.EndpointId } });

        Assert.Equal(own.EndpointId, adminView.Json("id"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, strangerView.ValueKind);
        Assert.Equal("NOT_FOUND", rotate.GetProperty("rotateWebhookSecret").GetProperty("errors")[0].Json("code"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, rotate.GetProperty("rotateWebhookSecret").GetProperty("secret").ValueKind);
    }

    [Fact]
    public async Task A_name_that_resolves_to_loopback_is_refused_and_one_that_resolves_to_a_public_address_is_accepted()
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.NewProductAsync();
        fixture.Dns.Point("internal.example.test", IPAddress.Parse("192.168.1.20"));
        fixture.Dns.Point("public.example.test", IPAddress.Parse("203.0.113.10"));

        var refused = await admin.RegisterPayloadAsync("http://internal.example.test/hook", ["GENERATION_SUCCEEDED"], product);
        var accepted = await admin.RegisterPayloadAsync("http://public.example.test/hook", ["GENERATION_SUCCEEDED"], product);

        Assert.Contains("192.168.1.20", refused.GetProperty("errors")[0].Json("message"), StringComparison.Ordinal);
        Assert.Equal(0, accepted.GetProperty("errors").GetArrayLength());
    }
}
