using ProductDescriber.Webhooks.Tests.Support;

namespace ProductDescriber.Webhooks.Tests;

/// <summary>
/// A user's endpoints are bounded (Webhooks:MaxEndpointsPerUser, 2 here): each end state goes to every matching
/// endpoint, so an unbounded list would let one account multiply outgoing requests and delivery rows at will.
/// </summary>
public sealed class EndpointLimitTests(EndpointLimitTests.TwoEndpointsFixture fixture) : IClassFixture<EndpointLimitTests.TwoEndpointsFixture>
{
    [Fact]
    public async Task Concurrent_registrations_past_the_limit_are_refused_and_store_nothing_and_other_users_are_unaffected()
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.NewProductAsync();
        var member = await fixture.Host.CreateUserAsync();
        using var memberClient = fixture.Host.CreateGraphQLClient(member.Token);

        var payloads = await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            memberClient.RegisterPayloadAsync(fixture.Receiver.Url("limit-" + i), ["GENERATION_SUCCEEDED"], product)));

        var refused = payloads.Where(p => p.GetProperty("errors").GetArrayLength() > 0).ToList();
        Assert.Equal(2, payloads.Length - refused.Count);
        Assert.All(refused, p =>
        {
            Assert.Contains("MaxEndpointsPerUser", p.GetProperty("errors")[0].Json("message"), StringComparison.Ordinal);
            Assert.Equal(System.Text.Json.JsonValueKind.Null, p.GetProperty("secret").ValueKind);
        });
        var listed = (await memberClient.QueryAsync("{ webhookEndpoints { id } }")).GetProperty("webhookEndpoints");
        Assert.Equal(2, listed.GetArrayLength());

        var other = await fixture.Host.CreateUserAsync();
        using var otherClient = fixture.Host.CreateGraphQLClient(other.Token);
        await otherClient.RegisterAsync(fixture.Receiver.Url("other"), product);
    }

    public sealed class TwoEndpointsFixture : WebhooksHostFixture
    {
        protected override IDictionary<string, string?> WebhookSettings => new Dictionary<string, string?>(base.WebhookSettings)
        {
            ["Webhooks:MaxEndpointsPerUser"] = "2",
        };
    }
}
