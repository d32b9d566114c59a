using System.Security.Claims;
using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Webhooks.Contracts;
using ProductDescriber.Webhooks.Persistence;
using ProductDescriber.Webhooks.Safety;
using ProductDescriber.Webhooks.Signing;

namespace ProductDescriber.Webhooks.Endpoints;

/// <summary>
/// <c>registerWebhook</c>: any signed-in user registers a URL for some event types (optionally one product's); the
/// answer carries its secret, shown once. URLs that are not https (outside Development) or that resolve to internal
/// addresses are refused.
/// </summary>
internal static class RegisterWebhook
{
    public static void AddField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<RegisterWebhookPayloadGraphType>, EndpointPayload>("registerWebhook")
            .Description("Registers a URL to receive signed webhooks (Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature`) when analyses or generations end. The secret is in this answer only.")
            .Argument<NonNullGraphType<RegisterWebhookInputGraphType>>("input")
            .Resolve()
            .WithScope()
            .WithService<RegisterWebhookHandler>()
            .ResolveAsync(async (ctx, handler) => await handler.RegisterAsync(ctx.GetArgument<RegisterWebhookInput>("input"), ctx.User, ctx.CancellationToken));
}

internal sealed class RegisterWebhookInput
{
    public string Url { get; init; } = "";

    public List<string> Events { get; init; } = [];

    public string? ProductId { get; init; }
}

internal sealed class RegisterWebhookInputGraphType : InputObjectGraphType<RegisterWebhookInput>
{
    public RegisterWebhookInputGraphType()
    {
        Name = "RegisterWebhookInput";
        Field<NonNullGraphType<StringGraphType>>("url").Description("An https URL (http only in Development) that answers 2xx to a POST.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WebhookEventTypeGraphType>>>>("events").Description("The event types to receive (at least one).");
        Field<IdGraphType>("productId").Description("Only this product's events; every product's when left out.");
    }
}

internal sealed class RegisterWebhookPayloadGraphType() : EndpointPayloadGraphType("RegisterWebhookPayload", withSecret: true);

internal sealed class RegisterWebhookHandler(WebhooksDbContext db, UrlPolicy urls, SecretProtector protector, IProductCatalog products, IOptions<WebhooksOptions> options, TimeProvider time)
{
    // 'WHKE' as an int: the first key of the advisory lock that makes an owner's registrations count one at a time.
    private const int OwnerLocks = 0x57484B45;

    public async Task<EndpointPayload> RegisterAsync(RegisterWebhookInput input, ClaimsPrincipal? caller, CancellationToken cancellationToken)
    {
        if (caller.GetUserId() is not { } ownerId)
        {
            return EndpointPayload.Refused(EndpointAccess.SignInFirst);
        }

        var events = input.Events.Distinct(StringComparer.Ordinal).ToArray();
        if (events.Length == 0 || events.Any(e => !WebhookEventTypes.All.Contains(e)))
        {
            return EndpointPayload.Refused(new ValidationError("events", "Name at least one event type."));
        }

        long? productId = null;
        if (input.ProductId is not null)
        {
            if (!WebhooksIds.TryProduct(input.ProductId, out var key) || await products.FindProductAsync(key, cancellationToken) is null)
            {
                return EndpointPayload.Refused(WebhooksIds.ProductNotFound);
            }

            productId = key;
        }

        var url = input.Url.Trim();
        if (await urls.RefusalAsync(url, cancellationToken) is { } refusal)
        {
            return EndpointPayload.Refused(new ValidationError("url", refusal));
        }

        var secret = WebhookSecret.Create();
        var endpoint = new WebhookEndpoint { OwnerId = ownerId, Url = url, Events = events, ProductId = productId, CreatedAt = time.GetUtcNow() };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({OwnerLocks}, {unchecked((int)ownerId)})", cancellationToken);
        var limit = options.Value.MaxEndpointsPerUser;
        if (await db.Endpoints.CountAsync(e => e.OwnerId == ownerId, cancellationToken) >= limit)
        {
            return EndpointPayload.Refused(new ValidationError("url", $"You have {limit} webhook endpoints, the most one user may have (Webhooks:MaxEndpointsPerUser); delete one first."));
        }

        db.Endpoints.Add(endpoint);
        await db.SaveChangesAsync(cancellationToken);

        // The id is part of the encryption (a ciphertext copied to another endpoint does not open), so it comes second.
        endpoint.SecretCipher = protector.Protect(secret, endpoint.Id);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new EndpointPayload(endpoint, secret, []);
    }
}
