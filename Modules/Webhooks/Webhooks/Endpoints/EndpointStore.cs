using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.Webhooks.Persistence;

namespace ProductDescriber.Webhooks.Endpoints;

/// <summary>Finds an endpoint the caller may change, tracked in the mutation's context; null when unknown or not theirs.</summary>
internal static class EndpointStore
{
    public static async Task<WebhookEndpoint?> FindForChangeAsync(this WebhooksDbContext db, string endpointGlobalId, ClaimsPrincipal? caller, CancellationToken cancellationToken)
    {
        if (!WebhooksIds.TryEndpoint(endpointGlobalId, out var id))
        {
            return null;
        }

        var endpoint = await db.Endpoints.FirstOrDefaultAsync(e => e.Id == id, cancellationToken);

        // Someone else's endpoint is not found: its existence is not the caller's business.
        return endpoint is not null && EndpointAccess.MaySee(endpoint, caller) ? endpoint : null;
    }
}
