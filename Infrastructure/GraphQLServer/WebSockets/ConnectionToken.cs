using System.Text.Json;
using ProductDescriber.GraphQLServer.Validation;

namespace ProductDescriber.GraphQLServer.WebSockets;

/// <summary>
/// Finds the access token in a <c>connection_init</c> payload. Browsers cannot set headers on a WebSocket
/// upgrade, so clients put them here: <c>{"Authorization": "Bearer ..."}</c> (Banana Cake Pop sends lower-case
/// header names), <c>{"headers": {...}}</c>, or <c>{"token": "..."}</c>/<c>{"accessToken": "..."}</c>.
/// </summary>
internal static class ConnectionToken
{
    public static string? Find(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in payload.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                var value = property.Value.GetString()!;
                if (property.Name.Equals("authorization", StringComparison.OrdinalIgnoreCase))
                {
                    return value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? value[7..].Trim() : value.Trim();
                }

                if (property.Name.Equals("token", StringComparison.OrdinalIgnoreCase) || property.Name.Equals("accessToken", StringComparison.OrdinalIgnoreCase))
                {
                    return value.Trim();
                }
            }
            else if (property.Name.Equals("headers", StringComparison.OrdinalIgnoreCase) && Find(property.Value) is { } nested)
            {
                return nested;
            }
        }

        return null;
    }
}
