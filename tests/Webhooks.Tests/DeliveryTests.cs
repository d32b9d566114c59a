using System.Net;
using System.Text.Json;
using ProductDescriber.Webhooks.Tests.Support;

namespace ProductDescriber.Webhooks.Tests;

/// <summary>Deliveries over real HTTP to a real receiver: signed, retried until one success, bounded, never redirected.</summary>
public sealed class DeliveryTests(WebhooksHostFixture fixture) : IClassFixture<WebhooksHostFixture>
{
    [Fact]
    public async Task A_delivery_carries_the_Standard_Webhooks_headers_and_a_signature_an_independent_verifier_accepts()
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.NewProductAsync();
        var endpoint = await admin.RegisterAsync(fixture.Receiver.Url("signed"), product);

        var subject = await fixture.Host.RaiseAsync(product);

        var request = await Eventually.FoundAsync(() => fixture.Receiver.On("signed").SingleOrDefault(), "the delivery");
        Assert.True(StandardWebhooksVerifier.Verify(endpoint.Secret, request), string.Join("\n", request.Headers));
        Assert.StartsWith("msg_", request.Headers["webhook-id"], StringComparison.Ordinal);
        Assert.StartsWith("application/json", request.Headers["content-type"], StringComparison.Ordinal);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("generation.succeeded", body.RootElement.Json("type"));
        Assert.Equal(subject, body.RootElement.GetProperty("data").Json("id"));
        Assert.Equal(product, body.RootElement.GetProperty("data").Json("productId"));
        Assert.True(body.RootElement.TryGetProperty("timestamp", out _));

        // Tampering with the body breaks the signature (the verifier is not a rubber stamp).
        Assert.False(StandardWebhooksVerifier.Verify(endpoint.Secret, request with { Body = request.Body.Replace("SUCCEEDED", "FAILED", StringComparison.Ordinal) }));
        var delivery = await Eventually.ValueAsync(async () =>
        {
            var found = Assert.Single(await admin.DeliveriesAsync(endpoint.EndpointId));
            Assert.Equal("SUCCEEDED", found.Json("status"));
            return found;
        });
        Assert.Equal(request.Headers["webhook-id"], delivery.Json("messageId"));
        Assert.Equal("GENERATION_SUCCEEDED", delivery.Json("eventType"));
    }

    [Fact]
    public async Task A_receiver_that_fails_twice_then_succeeds_gets_exactly_one_success_and_three_logged_attempts()
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.NewProductAsync();
        var endpoint = await admin.RegisterAsync(fixture.Receiver.Url("flaky"), product);
        fixture.Receiver.Script("flaky", (call, context) =>
        {
            context.Response.StatusCode = call <= 2 ? 503 : 200;
            return Task.CompletedTask;
        });

        await fixture.Host.RaiseAsync(product);

        var delivery = await Eventually.ValueAsync(async () =>
        {
            var found = Assert.Single(await admin.DeliveriesAsync(endpoint.EndpointId));
            Assert.Equal("SUCCEEDED", found.Json("status"));
            return found;
        });
        var attempts = delivery.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal([503, 503, 200], attempts.Select(a => a.GetProperty("statusCode").GetInt32()));
        Assert.Equal([1, 2, 3], attempts.Select(a => a.GetProperty("number").GetInt32()));
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("nextAttemptAt").ValueKind);

        // The receiver saw the same message three times and answered 2xx once.
        var seen = fixture.Receiver.On("flaky");
        Assert.Equal(3, seen.Count);
        Assert.Single(seen.Select(r => r.Headers["webhook-id"]).Distinct());
        Assert.Single(seen, r => r.Answered == 200);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_and_is_logged_as_a_failed_attempt()
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.NewProductAsync();
        var endpoint = await admin.RegisterAsync(fixture.Receiver.Url("redirect"), product);
        fixture.Receiver.Script("redirect", (call, context) =>
        {
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = "http://169.254.169.254/latest/meta-data/";
            return Task.CompletedTask;
        });

        await fixture.Host.RaiseAsync(product);

        var attempt = await Eventually.ValueAsync(async () =>
        {
            var delivery = Assert.Single(await admin.DeliveriesAsync(endpoint.EndpointId));
            return Assert.Single(delivery.GetProperty("attempts").EnumerateArray(), a => a.GetProperty("number").GetInt32() == 1);
        });
        Assert.Equal(307, attempt.GetProperty("statusCode").GetInt32());
        Assert.Contains("not followed", attempt.Json("error"), StringComparison.Ordinal);
        Assert.Contains("169.254.169.254", attempt.Json("error"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receiver_that_does_not_answer_in_time_is_a_failed_attempt_with_no_status()
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.NewProductAsync();
        var endpoint = await admin.RegisterAsync(fixture.Receiver.Url("slow"), product);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.Receiver.Script("slow", async (call, context) =>
        {
            if (call == 1)
            {
                await release.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }

            context.Response.StatusCode = 200;
        });

        try
        {
            await fixture.Host.RaiseAsync(product);

            var delivery = await Eventually.ValueAsync(async () =>
            {
                var found = Assert.Single(await admin.DeliveriesAsync(endpoint.EndpointId));
                Assert.Equal("SUCCEEDED", found.Json("status"));
                return found;
            });
            var first = delivery.GetProperty("attempts")[0];
            Assert.Equal(JsonValueKind.Null, first.GetProperty("statusCode").ValueKind);
            Assert.Contains("No answer within", first.Json("error"), StringComparison.Ordinal);
            Assert.Equal(200, delivery.GetProperty("attempts")[1].GetProperty("statusCode").GetInt32());
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Fact]
    public async Task A_name_that_resolves_elsewhere_at_delivery_is_refused_before_any_connection()
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.NewProductAsync();
        var host = $"rebind-{Guid.NewGuid():N}.example.test";
        fixture.Dns.Point(host, IPAddress.Parse("203.0.113.7"));
        var endpoint = await admin.RegisterAsync($"http://{host}:{fixture.Receiver.Port}/rebound", product);

        // The name now points at the loopback address where the receiver listens (DNS rebinding).
        fixture.Dns.Point(host, IPAddress.Loopback);
        await fixture.Host.RaiseAsync(product);

        var attempt = await Eventually.ValueAsync(async () =>
        {
            var delivery = Assert.Single(await admin.DeliveriesAsync(endpoint.EndpointId));
            return Assert.Single(delivery.GetProperty("attempts").EnumerateArray(), a => a.GetProperty("number").GetInt32() == 1);
        });
        Assert.StartsWith("Refused:", attempt.Json("error"), StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", attempt.Json("error"), StringComparison.Ordinal);
        Assert.Empty(fixture.Receiver.On("rebound"));
    }

    [Fact]
    public async Task After_a_rotation_the_new_secret_signs_and_the_old_one_still_does_during_the_grace()
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.NewProductAsync();
        var endpoint = await admin.RegisterAsync(fixture.Receiver.Url("rotated"), product);

        var rotated = await admin.QueryAsync(
            "mutation($i: RotateWebhookSecretInput!) { rotateWebhookSecret(input: $i) { secret endpoint { previousSecretUntil } errors { code } } }",
            new { i = new { endpointId = endpoint.EndpointId } });
        var newSecret = rotated.GetProperty("rotateWebhookSecret").Json("secret");
        await fixture.Host.RaiseAsync(product);

        var request = await Eventually.FoundAsync(() => fixture.Receiver.On("rotated").SingleOrDefault(), "the delivery");
        Assert.NotEqual(endpoint.Secret, newSecret);
        Assert.True(StandardWebhooksVerifier.Verify(newSecret, request));
        Assert.True(StandardWebhooksVerifier.Verify(endpoint.Secret, request));
        Assert.Equal(2, request.Headers["webhook-signature"].Split(' ').Length);
        Assert.False(StandardWebhooksVerifier.Verify(WebhookSecretForTests(), request));
    }

    private static string WebhookSecretForTests() => "whsec_" + Convert.ToBase64String(new byte[32]);
}
