using System.Text.Json;
using ProductDescriber.Webhooks.Tests.Support;

namespace ProductDescriber.Webhooks.Tests;

/// <summary>End to end: a real analysis run ends, and its product's endpoint gets a signed <c>analysis.succeeded</c>.</summary>
public sealed class AnalysisWebhookTests(WebhooksHostFixture fixture) : IClassFixture<WebhooksHostFixture>
{
    [Fact]
    public async Task An_analysis_that_succeeds_is_delivered_once_signed_with_the_run_and_its_specification()
    {
        using var admin = await fixture.AdminAsync();
        var registered = await admin.RegisterPayloadAsync(fixture.Receiver.Url("analysis"), ["ANALYSIS_SUCCEEDED", "ANALYSIS_FAILED"], productId: null);
        var secret = registered.Json("secret");

        var (productId, runId) = await admin.AnalyseNewProductAsync();

        var request = await Eventually.FoundAsync(() => fixture.Receiver.On("analysis").FirstOrDefault(r => r.Body.Contains(runId, StringComparison.Ordinal)), "the analysis webhook");
        Assert.True(StandardWebhooksVerifier.Verify(secret, request));
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("analysis.succeeded", body.RootElement.Json("type"));
        var data = body.RootElement.GetProperty("data");
        Assert.Equal(runId, data.Json("id"));
        Assert.Equal(productId, data.Json("productId"));
        Assert.Equal("SUCCEEDED", data.Json("status"));
        Assert.StartsWith("U3BlY2lmaWNhdGlvbj", data.Json("specificationId"), StringComparison.Ordinal);
        Assert.Single(fixture.Receiver.On("analysis"), r => r.Body.Contains(runId, StringComparison.Ordinal));
    }
}
