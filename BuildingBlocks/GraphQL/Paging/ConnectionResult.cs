namespace ProductDescriber.BuildingBlocks.GraphQL.Paging;

/// <summary>One page of a Relay connection. The total is counted only if a client selects <c>totalCount</c>.</summary>
public sealed record ConnectionResult<TNode>(
    IReadOnlyList<ConnectionEdge<TNode>> Edges,
    ConnectionPageInfo PageInfo,
    Func<CancellationToken, Task<int>> CountAsync);

public sealed record ConnectionEdge<TNode>(string Cursor, TNode Node);

public sealed record ConnectionPageInfo(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor);

public static class ConnectionResultExtensions
{
    /// <summary>Maps the nodes (e.g. entities to contract records) and keeps cursors, paging and count.</summary>
    public static ConnectionResult<TOut> Select<TIn, TOut>(this ConnectionResult<TIn> page, Func<TIn, TOut> map) => new(
        [.. page.Edges.Select(e => new ConnectionEdge<TOut>(e.Cursor, map(e.Node)))],
        page.PageInfo,
        page.CountAsync);
}
