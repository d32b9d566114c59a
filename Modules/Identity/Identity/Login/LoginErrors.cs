using ProductDescriber.BuildingBlocks.GraphQL.Errors;

namespace ProductDescriber.Identity.Login;

/// <summary>The one answer for an unknown user, a wrong password and a deactivated account alike.</summary>
internal sealed record InvalidCredentialsError() : PayloadError("The username or password is incorrect.")
{
    public override string Code => "INVALID_CREDENTIALS";
}

internal sealed class InvalidCredentialsErrorGraphType() : PayloadErrorGraphType<InvalidCredentialsError>(
    "InvalidCredentialsError", "The username or password is incorrect (the same answer whether or not the user exists).");

/// <summary>Returned by <c>login</c> and <c>changePassword</c>, which share the throttle.</summary>
internal sealed record TooManyAttemptsError(int RetryAfterSeconds)
    : PayloadError($"Too many failed attempts. Try again in {RetryAfterSeconds} seconds.")
{
    public override string Code => "TOO_MANY_ATTEMPTS";
}

internal sealed class TooManyAttemptsErrorGraphType : PayloadErrorGraphType<TooManyAttemptsError>
{
    public TooManyAttemptsErrorGraphType()
        : base("TooManyAttemptsError", "Too many failed attempts for this username or from this address.")
    {
        Field(e => e.RetryAfterSeconds).Description("Seconds to wait before the next attempt.");
    }
}
