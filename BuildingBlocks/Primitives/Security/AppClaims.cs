using System.Globalization;
using System.Security.Claims;

namespace ProductDescriber.BuildingBlocks.Security;

/// <summary>Claim names in our access tokens; short names keep tokens small and match the JWT registry.</summary>
public static class AppClaims
{
    public const string UserId = "sub";
    public const string UserName = "name";
    public const string Role = "role";

    /// <summary>The user's security stamp when the token was issued; a change (deactivation, password) revokes it.</summary>
    public const string SecurityStamp = "stamp";

    public static long? GetUserId(this ClaimsPrincipal? principal) =>
        principal?.FindFirst(UserId)?.Value is { } value && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    public static bool IsAdmin(this ClaimsPrincipal? principal) => principal?.IsInRole(Roles.Admin) == true;
}

public static class Roles
{
    public const string Admin = "admin";
    public const string Member = "member";

    public static readonly IReadOnlyList<string> All = [Admin, Member];
}
