using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using System.Text.Json;
using GraphQL;
using Microsoft.EntityFrameworkCore;

namespace ProductDescriber.BuildingBlocks.GraphQL.Paging;

/// <summary>
/// Keyset ("seek") paging over an EF query: the cursor holds the sort-key values of a row, and the next page is
/// <c>WHERE (k1, k2, ...) &gt; (cursor)</c> in the ordering's direction, so page 500 costs what page 1 costs and
/// rows inserted meanwhile never shift a page.
/// </summary>
public static class KeysetPaging
{
    private static readonly MethodInfo StringCompare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;

    public static async Task<ConnectionResult<T>> ToConnectionAsync<T>(
        this IQueryable<T> source,
        PageRequest page,
        IReadOnlyList<SortKey<T>> keys,
        CancellationToken cancellationToken)
    {
        var filtered = source;
        if (page.Cursor is not null)
        {
            filtered = filtered.Where(Beyond(keys, DecodeCursor(page.Cursor, keys), page.Backward));
        }

        var (rows, total) = await ReadPageAsync(source, Order(filtered, keys, reverse: page.Backward).Take(page.Size + 1), page.IncludeTotalCount, cancellationToken);
        return ToConnection(rows, page, keys, total);
    }

    /// <summary>
    /// The connection of rows the caller read itself, e.g. through a compiled query for a list's most common shape:
    /// at most <c>page.Size + 1</c> rows beyond the page's cursor, ordered by <paramref name="keys"/> (reversed when
    /// paging backward), as <see cref="ToConnectionAsync{T}"/> reads them; the extra row only says that more follow.
    /// </summary>
    public static ConnectionResult<T> ToConnection<T>(List<T> rows, PageRequest page, IReadOnlyList<SortKey<T>> keys, int total = 0)
    {
        var hasMore = rows.Count > page.Size;
        if (hasMore)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        if (page.Backward)
        {
            rows.Reverse();
        }

        var edges = rows.Select(row => new ConnectionEdge<T>(() => EncodeCursor(keys, row), row)).ToList();
        var pageInfo = new ConnectionPageInfo(
            HasNextPage: page.Backward ? page.Cursor is not null : hasMore,
            HasPreviousPage: page.Backward ? hasMore : page.Cursor is not null,
            StartCursor: edges.FirstOrDefault()?.Cursor,
            EndCursor: edges.LastOrDefault()?.Cursor);
        return new ConnectionResult<T>(edges, pageInfo, _ => Task.FromResult(total));
    }

    /// <summary>
    /// The page, and the total when asked: in the same statement as a scalar subquery (PostgreSQL evaluates it
    /// once), which saves a round trip and EF's per-query overhead; a separate count only for an empty page.
    /// Done here, while the caller's DbContext is still open.
    /// </summary>
    private static async Task<(List<T> Rows, int Total)> ReadPageAsync<T>(IQueryable<T> source, IQueryable<T> pageQuery, bool includeTotalCount, CancellationToken cancellationToken)
    {
        if (!includeTotalCount)
        {
            return (await pageQuery.ToListAsync(cancellationToken), 0);
        }

        var counted = await pageQuery.Select(row => new RowWithTotal<T> { Row = row, Total = source.Count() }).ToListAsync(cancellationToken);
        return counted.Count > 0
            ? ([.. counted.Select(c => c.Row)], counted[0].Total)
            : ([], await source.CountAsync(cancellationToken));
    }

    private static IQueryable<T> Order<T>(IQueryable<T> source, IReadOnlyList<SortKey<T>> keys, bool reverse)
    {
        var expression = source.Expression;
        for (var i = 0; i < keys.Count; i++)
        {
            var descending = keys[i].IsDescending != reverse;
            var method = (i, descending) switch
            {
                (0, false) => nameof(Queryable.OrderBy),
                (0, true) => nameof(Queryable.OrderByDescending),
                (_, false) => nameof(Queryable.ThenBy),
                (_, true) => nameof(Queryable.ThenByDescending),
            };
            expression = Expression.Call(typeof(Queryable), method, [typeof(T), keys[i].KeyType], expression, Expression.Quote(keys[i].Selector));
        }

        return source.Provider.CreateQuery<T>(expression);
    }

    /// <summary>(k1 after v1) OR (k1 = v1 AND k2 after v2) OR ..., where "after" follows each key's direction.</summary>
    private static Expression<Func<T, bool>> Beyond<T>(IReadOnlyList<SortKey<T>> keys, object?[] values, bool backward)
    {
        var row = Expression.Parameter(typeof(T), "row");
        Expression? any = null;
        Expression equalSoFar = Expression.Constant(true);
        for (var i = 0; i < keys.Count; i++)
        {
            var column = new ParameterReplacer(keys[i].Selector.Parameters[0], row).Visit(keys[i].Selector.Body);
            var value = AsParameter(values[i], keys[i].KeyType);
            var greater = keys[i].IsDescending == backward;
            var step = Expression.AndAlso(equalSoFar, Compare(column, value, greater));
            any = any is null ? step : Expression.OrElse(any, step);
            equalSoFar = Expression.AndAlso(equalSoFar, Expression.Equal(column, value));
        }

        return Expression.Lambda<Func<T, bool>>(any!, row);
    }

    private static Expression Compare(Expression column, Expression value, bool greater)
    {
        if (column.Type == typeof(string))
        {
            var comparison = Expression.Call(StringCompare, column, value);
            return greater
                ? Expression.GreaterThan(comparison, Expression.Constant(0))
                : Expression.LessThan(comparison, Expression.Constant(0));
        }

        return greater ? Expression.GreaterThan(column, value) : Expression.LessThan(column, value);
    }

    /// <summary>A member of a closure-like holder, so EF sends the value as a SQL parameter (one cached plan).</summary>
    private static Expression AsParameter(object? value, Type type)
    {
        var holder = Activator.CreateInstance(typeof(ValueHolder<>).MakeGenericType(type), value)!;
        return Expression.Property(Expression.Constant(holder), nameof(ValueHolder<int>.Value));
    }

    private static string EncodeCursor<T>(IReadOnlyList<SortKey<T>> keys, T row)
    {
        var values = new object?[keys.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = keys[i].Read(row);
        }

        return Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(values));
    }

    /// <summary>
    /// The sort-key values a cursor of <see cref="ToConnection{T}"/> holds, for a caller that reads its rows itself
    /// (e.g. the pages of many parents in one statement); INVALID_CURSOR when it was not made for these keys.
    /// </summary>
    public static object?[] DecodeCursor<T>(string cursor, IReadOnlyList<SortKey<T>> keys)
    {
        try
        {
            using var document = JsonDocument.Parse(Convert.FromBase64String(cursor));
            var elements = document.RootElement.EnumerateArray().ToArray();
            if (elements.Length != keys.Count)
            {
                throw InvalidCursor();
            }

            return elements.Select((element, i) => element.Deserialize(keys[i].KeyType) ?? throw InvalidCursor()).ToArray();
        }
        catch (Exception exception) when (exception is FormatException or JsonException or InvalidOperationException or DecoderFallbackException)
        {
            throw InvalidCursor();
        }
    }

    private static ExecutionError InvalidCursor() => new("The cursor is not valid for this list.") { Code = "INVALID_CURSOR" };

    private sealed class RowWithTotal<TRow>
    {
        public required TRow Row { get; init; }

        public int Total { get; init; }
    }

    private sealed class ValueHolder<TValue>(TValue value)
    {
        public TValue Value { get; } = value;
    }

    private sealed class ParameterReplacer(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
