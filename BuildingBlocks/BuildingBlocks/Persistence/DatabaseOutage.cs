using Npgsql;

namespace ProductDescriber.BuildingBlocks.Persistence;

/// <summary>
/// Tells a database that cannot be reached (server stopped or restarting, connection refused, lost or timed out)
/// from a statement that failed. An outage is the operator's to fix and the client's to retry, so it is answered
/// with 503 <c>UNAVAILABLE</c> and <c>Retry-After</c>, never with a 500 (docs/adr/0007-embedded-postgresql.md).
/// </summary>
public static class DatabaseOutage
{
    /// <summary>What clients are told to wait before retrying: about what a PostgreSQL restart takes.</summary>
    public const int RetryAfterSeconds = 5;

    public static bool IsCause(Exception exception)
    {
        // EF Core and GraphQL.NET wrap the driver's exception; the first one from the driver decides.
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException postgres:
                    return IsOutageState(postgres.SqlState);
                case NpgsqlException npgsql:
                    // Transient here means the connection failed (refused, reset, timed out), not a statement.
                    return npgsql.IsTransient;
            }
        }

        return false;
    }

    private static bool IsOutageState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) // connection_exception and its subclasses
        || sqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.TooManyConnections;
}
