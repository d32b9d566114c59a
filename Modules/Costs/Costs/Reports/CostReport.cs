using System.Data.Common;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Costs.Persistence;

namespace ProductDescriber.Costs.Reports;

/// <summary>How <c>costReport</c> groups the ledger.</summary>
internal enum CostGrouping
{
    Product,
    User,
    Provider,
    Day,
}

/// <summary>One line of a cost report: a group's calls in one currency (null currency: its unpriced calls).</summary>
internal sealed record CostReportLine(string? Key, string? Currency, decimal Amount, int Calls, int UnpricedCalls);

/// <summary>
/// <c>costReport(from:, to:, groupBy:)</c>, admins only: the ledger's rows with <c>from &lt;= at &lt; to</c>, summed per
/// group and currency in one SQL statement.
/// </summary>
internal static class CostReport
{
    // One fixed statement per grouping (the key expression is never built from input).
    private static readonly Dictionary<CostGrouping, string> Keys = new()
    {
        [CostGrouping.Product] = "product_id::text",
        [CostGrouping.User] = "user_id::text",
        [CostGrouping.Provider] = "provider",
        [CostGrouping.Day] = "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
    };

    public static void AddField(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<CostReportLineGraphType>>>>("costReport")
            .Description("What paid provider calls cost between `from` (inclusive) and `to` (exclusive), grouped, one line per group and currency; unpriced calls have a line of their own (currency null). Admins only.")
            .Argument<NonNullGraphType<DateTimeOffsetGraphType>>("from")
            .Argument<NonNullGraphType<DateTimeOffsetGraphType>>("to")
            .Argument<NonNullGraphType<CostGroupingGraphType>>("groupBy")
            .AuthorizeWithRoles(Roles.Admin)
            .ResolveAsync(async ctx =>
            {
                var contexts = ctx.RequestServices!.GetRequiredService<IDbContextFactory<CostsDbContext>>();
                return await RunAsync(contexts, ctx.GetArgument<DateTimeOffset>("from"), ctx.GetArgument<DateTimeOffset>("to"), ctx.GetArgument<CostGrouping>("groupBy"), ctx.CancellationToken);
            });

    public static async Task<IReadOnlyList<CostReportLine>> RunAsync(
        IDbContextFactory<CostsDbContext> contexts, DateTimeOffset from, DateTimeOffset to, CostGrouping grouping, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // The key expression is one of the constants above.
        command.CommandText = $"""
            SELECT {Keys[grouping]} AS key, currency, coalesce(sum(amount), 0) AS amount, count(*)::int AS calls,
                   (count(*) FILTER (WHERE amount IS NULL))::int AS unpriced_calls
            FROM costs.ledger_entries
            WHERE at >= @from AND at < @to
            GROUP BY 1, 2
            ORDER BY 1 NULLS LAST, 2 NULLS LAST
            """;
#pragma warning restore CA2100
        Add(command, "from", from.ToUniversalTime());
        Add(command, "to", to.ToUniversalTime());
        var lines = new List<CostReportLine>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = await reader.IsDBNullAsync(0, cancellationToken) ? null : reader.GetString(0);
            var currency = await reader.IsDBNullAsync(1, cancellationToken) ? null : reader.GetString(1);
            lines.Add(new CostReportLine(Present(grouping, key), currency, reader.GetDecimal(2), reader.GetInt32(3), reader.GetInt32(4)));
        }

        return lines;
    }

    /// <summary>Products and users as the global ids the rest of the API uses.</summary>
    private static string? Present(CostGrouping grouping, string? key) => (grouping, key) switch
    {
        (_, null) => null,
        (CostGrouping.Product, _) => CostsIds.Product(long.Parse(key, System.Globalization.CultureInfo.InvariantCulture)),
        (CostGrouping.User, _) => CostsIds.UserId(long.Parse(key, System.Globalization.CultureInfo.InvariantCulture)),
        _ => key,
    };

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}

internal sealed class CostGroupingGraphType : EnumerationGraphType<CostGrouping>
{
    public CostGroupingGraphType()
    {
        Name = "CostGrouping";
        Description = "How a cost report groups paid calls: by product, by the user who requested the work, by provider, or by day (UTC).";
    }
}

internal sealed class CostReportLineGraphType : ObjectGraphType<CostReportLine>
{
    public CostReportLineGraphType()
    {
        Name = "CostReportLine";
        Description = "A group's paid calls in one currency.";
        Field(l => l.Key, nullable: true).Description("The product's or user's id, the provider's name, or the day (YYYY-MM-DD, UTC); null for calls with no user.");
        Field(l => l.Currency, nullable: true).Description("ISO 4217 code; null on the line of the group's unpriced calls.");
        Field(l => l.Amount).Description("The sum of the priced calls (0 on the unpriced line).");
        Field(l => l.Calls).Description("Calls on this line.");
        Field(l => l.UnpricedCalls).Description("Calls among them that had no price.");
    }
}
