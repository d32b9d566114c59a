using ProductDescriber.BuildingBlocks.GraphQL.Errors;

namespace ProductDescriber.Identity.Login;

/// <summary>The one answer for an unknown user, a wrong password and a deactivated account alike.</summary>
internal sealed record InvalidCredentialsError() : PayloadError("The username or password is incorrect.")
{
    public override string Code => "INVALID_CREDENTIALS";
}

internal sealed record TooManyAttemptsError(int RetryAfterSeconds)
    : PayloadError($"Too many failed attempts. Try again in {RetryAfterSeconds} seconds.")
{
    public override string Code => "TOO_MANY_ATTEMPTS";
}
