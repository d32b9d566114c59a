using System.Security.Claims;
using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Microsoft.Extensions.Options;
using ProductDescriber.Webhooks.Persistence;
using ProductDescriber.Webhooks.Signing;

namespace ProductDescriber.Webhooks.Endpoints;

/// <summary>
/// <c>rotateWebhookSecret</c>: a new secret, shown once; the old one keeps signing beside it for
/// <see cref="WebhooksOptions.RotationGrace"/> (two <c>v1,</c> signatures), so a receiver can switch without losing
/// deliveries. Its owner or an admin.
/// </summary>
internal static class RotateWebhookSecret
{
    public static void AddField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<RotateWebhookSecretPayloadGraphType>, EndpointPayload>("rotateWebhookSecret")
            .Description("Replaces the endpoint's secret; the answer carries the new one, shown once. The old secret also signs (a second `v1,` signature) during the grace period. Its owner or an admin.")
            .Argument<NonNullGraphType<RotateWebhookSecretInputGraphType>>("input")
            .Resolve()
            .WithScope()
            .WithService<RotateWebhookSecretHandler>()
            .ResolveAsync(async (ctx, handler) => await handler.RotateAsync(ctx.GetArgument<EndpointIdInput>("input").EndpointId, ctx.User, ctx.CancellationToken));
}

internal sealed class RotateWebhookSecretInputGraphType() : EndpointIdInputGraphType("RotateWebhookSecretInput");

internal sealed class RotateWebhookSecretPayloadGraphType() : EndpointPayloadGraphType("RotateWebhookSecretPayload", withSecret: true);

internal sealed class RotateWebhookSecretHandler(WebhooksDbContext db, SecretProtector protector, IOptions<WebhooksOptions> options, TimeProvider time)
{
    public async Task<EndpointPayload> RotateAsync(string endpointId, ClaimsPrincipal? caller, CancellationToken cancellationToken)
    {
        if (await db.FindForChangeAsync(endpointId, caller, cancellationToken) is not { } endpoint)
        {
            return EndpointPayload.Refused(WebhooksIds.EndpointNotFound);
        }

        var now = time.GetUtcNow();
        var secret = WebhookSecret.Create();
        endpoint.PreviousSecretCipher = endpoint.SecretCipher;
        endpoint.PreviousSecretUntil = now + options.Value.RotationGrace;
        endpoint.SecretCipher = protector.Protect(secret, endpoint.Id);
        endpoint.SecretRotatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return new EndpointPayload(endpoint, secret, []);
    }
}
