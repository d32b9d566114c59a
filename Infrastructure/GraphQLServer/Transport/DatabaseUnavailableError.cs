using GraphQL;
using GraphQL.Execution;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.GraphQLServer.Validation;

namespace ProductDescriber.GraphQLServer.Transport;

/// <summary>
/// The GraphQL error for a database outage, in place of the driver's exception: the same message in every
/// environment (the cause is logged, not shown), and HTTP 503 with <c>Retry-After</c> when it is all a response says.
/// </summary>
internal sealed class DatabaseUnavailableError : ExecutionError
{
    public const string ErrorCode = "UNAVAILABLE";

    public DatabaseUnavailableError()
        : base("The database is unavailable; retry shortly.")
    {
        Code = ErrorCode;
    }

    /// <summary>True when every error is an outage and no field has a value: the whole answer is "try again later".</summary>
    public static bool IsAllOf(ExecutionResult result) =>
        result.Errors is { Count: > 0 } errors
        && errors.All(error => error is DatabaseUnavailableError)
        && !HasValues(result.Data);

    private static bool HasValues(object? data) => data switch
    {
        null => false,
        ObjectExecutionNode root => root.SubFields?.Any(field => field.ToValue() is not null) == true,
        _ => true,
    };

    public static ExecutionResult Result() => new() { Errors = [new DatabaseUnavailableError()] };

    public static void SetStatus(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = DatabaseOutage.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
