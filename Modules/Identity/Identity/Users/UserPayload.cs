using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.Identity.Contracts;

namespace ProductDescriber.Identity.GraphQL;

internal sealed record LoginPayload(string? AccessToken, DateTimeOffset? ExpiresAt, UserInfo? User, IReadOnlyList<PayloadError> Errors) : IPayload;

internal sealed record UserPayload(UserInfo? User, IReadOnlyList<PayloadError> Errors) : IPayload
{
    public static UserPayload Success(UserInfo user) => new(user, []);

    public static UserPayload Failure(params PayloadError[] errors) => new(null, errors);
}

internal sealed record ChangePasswordPayload(UserInfo? User, string? AccessToken, DateTimeOffset? ExpiresAt, IReadOnlyList<PayloadError> Errors) : IPayload;

internal sealed class LoginInput
{
    public string Username { get; init; } = "";

    public string Password { get; init; } = "";
}

internal sealed class RegisterUserInput
{
    public string Username { get; init; } = "";

    public string Email { get; init; } = "";

    public string Password { get; init; } = "";

    /// <summary>Null when the client sent <c>role: null</c>; that means the default too.</summary>
    public string? Role { get; init; }
}

internal sealed class ChangePasswordInput
{
    public string CurrentPassword { get; init; } = "";

    public string NewPassword { get; init; } = "";
}

internal sealed class DeactivateUserInput
{
    public string UserId { get; init; } = "";
}
