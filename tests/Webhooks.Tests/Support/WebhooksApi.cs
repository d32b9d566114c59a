using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.Webhooks.Contracts;
using ProductDescriber.Webhooks.Persistence;

namespace ProductDescriber.Webhooks.Tests.Support;

internal sealed record Registered(string EndpointId, string Secret);

/// <summary>The webhook mutations and the delivery log over GraphQL, and raising an event as a module does.</summary>
internal static class WebhooksApi
{
    public const string EndpointFields = "id url events productId enabled disabledAt disabledReason failingSince";

    public static async Task<JsonElement> RegisterPayloadAsync(this GraphQLClient client, string url, string[] events, string? productId)
    {
        var data = await client.QueryAsync(
            $"mutation($i: RegisterWebhookInput!) {{ registerWebhook(input: $i) {{ secret endpoint {{ {EndpointFields} }} errors {{ code message ... on ValidationError {{ field }} }} }} }}",
            new { i = new { url, events, productId } });
        return data.GetProperty("registerWebhook");
    }

    public static async Task<Registered> RegisterAsync(this GraphQLClient client, string url, string productId, params string[] events)
    {
        var payload = await client.RegisterPayloadAsync(url, events.Length == 0 ? ["GENERATION_SUCCEEDED"] : events, productId);
        Assert.True(payload.GetProperty("errors").GetArrayLength() == 0, payload.ToString());
        return new Registered(payload.GetProperty("endpoint").Json("id"), payload.Json("secret"));
    }

    public static async Task<JsonElement> EndpointAsync(this GraphQLClient client, string endpointId) =>
        (await client.QueryAsync(
            $"query($id: ID!) {{ node(id: $id) {{ ... on WebhookEndpoint {{ {EndpointFields} deliveries {{ nodes {{ messageId eventType subjectId status attemptCount nextAttemptAt attempts {{ number statusCode latencyMs error }} }} }} }} }} }}",
            new { id = endpointId })).GetProperty("node");

    public static async Task<JsonElement[]> DeliveriesAsync(this GraphQLClient client, string endpointId) =>
        [.. (await client.EndpointAsync(endpointId)).GetProperty("deliveries").GetProperty("nodes").EnumerateArray()];

    /// <summary>
    /// Raises a generation.succeeded event for a made-up request of the product as Generation does: stored in a
    /// transaction, dispatched after its commit.
    /// </summary>
    public static async Task<string> RaiseAsync(this TestHost host, string productId, string type = WebhookEventTypes.GenerationSucceeded)
    {
        var subject = GlobalId.Encode("GenerationRequest", Random.Shared.NextInt64(1, long.MaxValue));
        GlobalId.TryDecodeLong(productId, "Product", out var productKey);
        var webhookEvent = new WebhookEvent(type, subject, productKey, new Dictionary<string, object?> { ["id"] = subject, ["productId"] = productId, ["status"] = "SUCCEEDED", ["imagesDone"] = 2 });
        var events = host.GetService<IWebhookEvents>();
        RaisedWebhook raised;
        await using (var db = await host.GetService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            raised = await events.StoreAsync(db, webhookEvent, CancellationToken.None);
            await transaction.CommitAsync();
        }

        await events.DispatchAsync(raised, CancellationToken.None);
        return subject;
    }
}
