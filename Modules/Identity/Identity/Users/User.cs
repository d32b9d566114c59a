using ProductDescriber.Identity.Contracts;

namespace ProductDescriber.Identity.Users;

internal sealed class User
{
    public long Id { get; private set; }

    /// <summary>Always lower case: usernames are case-insensitive and compared as stored.</summary>
    public required string Username { get; init; }

    /// <summary>Always lower case, for the same reason.</summary>
    public required string Email { get; init; }

    public required string PasswordHash { get; set; }

    public required string Role { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>
    /// Copied into every access token; changing it (deactivation, password change) makes every earlier token of
    /// this user invalid at once, since the token check compares it with the stored value.
    /// </summary>
    public string SecurityStamp { get; set; } = NewStamp();

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? LastLoginAt { get; set; }

    public static string NewStamp() => Guid.NewGuid().ToString("N");

    public UserInfo ToInfo() => new(Id, Username, Email, Role, IsActive, CreatedAt);
}
