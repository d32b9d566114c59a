using System.Linq.Expressions;

namespace ProductDescriber.BuildingBlocks.GraphQL.Paging;

/// <summary>
/// One column of a keyset ordering. The last key of an ordering must be unique (the id), so that every row has
/// exactly one position and pages never skip or repeat rows when values tie.
/// </summary>
public sealed class SortKey<T>
{
    private SortKey(LambdaExpression selector, bool descending)
    {
        Selector = selector;
        IsDescending = descending;
        KeyType = selector.ReturnType;
        Read = Expression.Lambda<Func<T, object?>>(Expression.Convert(selector.Body, typeof(object)), selector.Parameters).Compile();
    }

    public LambdaExpression Selector { get; }

    public bool IsDescending { get; }

    public Type KeyType { get; }

    internal Func<T, object?> Read { get; }

    public static SortKey<T> Ascending<TKey>(Expression<Func<T, TKey>> selector) where TKey : notnull => new(selector, false);

    public static SortKey<T> Descending<TKey>(Expression<Func<T, TKey>> selector) where TKey : notnull => new(selector, true);
}
