using System.Text.Json;
using ProductDescriber.Webhooks.Tests.Support;

namespace ProductDescriber.Webhooks.Tests;

/// <summary>An endpoint that fails every attempt for the whole window (two seconds here) is disabled, and its owner sees why.</summary>
public sealed class DisableTests(DisableTests.ShortWindowFixture fixture) : IClassFixture<DisableTests.ShortWindowFixture>
{
    public sealed class ShortWindowFixture : WebhooksHostFixture
    {
        protected override IDictionary<string, string?> WebhookSettings => new Dictionary<string, string?>(base.WebhookSettings)
        {
            ["Webhooks:MaxAttemptsWindow"] = "00:00:02",
        };
    }

    [Fact]
    public async Task Failing_for_the_whole_window_disables_the_endpoint_with_the_reason_and_enabling_it_delivers_again()
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.NewProductAsync();
        var endpoint = await admin.RegisterAsync(fixture.Receiver.Url("down"), product, "GENERATION_SUCCEEDED", "GENERATION_FAILED", "GENERATION_PARTIAL");
        var up = false;
        fixture.Receiver.Script("down", (call, context) =>
        {
            context.Response.StatusCode = Volatile.Read(ref up) ? 200 : 500;
            return Task.CompletedTask;
        });

        await fixture.Host.RaiseAsync(product);

        var disabled = await Eventually.ValueAsync(async () =>
        {
            var found = await admin.EndpointAsync(endpoint.EndpointId);
            Assert.False(found.GetProperty("enabled").GetBoolean());
            return found;
        });
        Assert.Contains("every delivery failed", disabled.Json("disabledReason"), StringComparison.Ordinal);
        Assert.Contains("HTTP 500", disabled.Json("disabledReason"), StringComparison.Ordinal);
        var delivery = Assert.Single(disabled.GetProperty("deliveries").GetProperty("nodes").EnumerateArray());
        Assert.Equal("FAILED", delivery.Json("status"));
        Assert.True(delivery.GetProperty("attemptCount").GetInt32() >= 2);

        // Disabled: a new event is not delivered to it.
        var before = fixture.Receiver.On("down").Count;
        await fixture.Host.RaiseAsync(product, "generation.failed");
        Assert.Single(await admin.DeliveriesAsync(endpoint.EndpointId));

        Volatile.Write(ref up, true);
        var enabled = await admin.QueryAsync("mutation($i: EnableWebhookInput!) { enableWebhook(input: $i) { endpoint { enabled disabledReason } errors { code } } }", new { i = new { endpointId = endpoint.EndpointId } });
        Assert.True(enabled.GetProperty("enableWebhook").GetProperty("endpoint").GetProperty("enabled").GetBoolean());
        Assert.Equal(JsonValueKind.Null, enabled.GetProperty("enableWebhook").GetProperty("endpoint").GetProperty("disabledReason").ValueKind);
        await fixture.Host.RaiseAsync(product, "generation.partial");
        await Eventually.AssertAsync(() => Assert.Contains(fixture.Receiver.On("down").Skip(before), r => r.Answered == 200));
    }
}
