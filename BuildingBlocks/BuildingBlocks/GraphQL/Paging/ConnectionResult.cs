namespace ProductDescriber.BuildingBlocks.GraphQL.Paging;

/// <summary>One page of a Relay connection. The total is counted only if a client selects <c>totalCount</c>.</summary>
public sealed record ConnectionResult<TNode>(
    IReadOnlyList<ConnectionEdge<TNode>> Edges,
    ConnectionPageInfo PageInfo,
    Func<CancellationToken, Task<int>> CountAsync);

/// <summary>An item with its cursor; the cursor is encoded only if someone reads it (most clients select nodes only).</summary>
public sealed class ConnectionEdge<TNode>
{
    private readonly Lazy<string> _cursor;

    public ConnectionEdge(string cursor, TNode node)
        : this(new Lazy<string>(cursor), node)
    {
    }

    public ConnectionEdge(Func<string> cursor, TNode node)
        : this(new Lazy<string>(cursor, LazyThreadSafetyMode.PublicationOnly), node)
    {
    }

    private ConnectionEdge(Lazy<string> cursor, TNode node)
    {
        _cursor = cursor;
        Node = node;
    }

    public string Cursor => _cursor.Value;

    public TNode Node { get; }

    /// <summary>The same position (same cursor) carrying another node, e.g. the contract record of an entity.</summary>
    public ConnectionEdge<TOut> WithNode<TOut>(TOut node) => new(_cursor, node);
}

public sealed record ConnectionPageInfo(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor);

public static class ConnectionResultExtensions
{
    /// <summary>Maps the nodes (e.g. entities to contract records) and keeps cursors, paging and count.</summary>
    public static ConnectionResult<TOut> Select<TIn, TOut>(this ConnectionResult<TIn> page, Func<TIn, TOut> map) => new(
        [.. page.Edges.Select(e => e.WithNode(map(e.Node)))],
        page.PageInfo,
        page.CountAsync);
}
