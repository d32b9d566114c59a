using System.Linq.Expressions;

namespace ProductDescriber.BuildingBlocks.GraphQL.Paging;

/// <summary>
/// One column of a keyset ordering. The last key of an ordering must be unique (the id), so that every row has
/// exactly one position and pages never skip or repeat rows when values tie.
/// </summary>
/// <remarks>
/// Keep a list's keys in static fields: the first cursor a key encodes compiles its selector to a delegate, which
/// costs far more than reading a page (a dynamic method, collected later by a finalizer).
/// </remarks>
public sealed class SortKey<T>
{
    private readonly Lazy<Func<T, object?>> _read;

    private SortKey(LambdaExpression selector, bool descending)
    {
        Selector = selector;
        IsDescending = descending;
        KeyType = selector.ReturnType;
        _read = new Lazy<Func<T, object?>>(() =>
            Expression.Lambda<Func<T, object?>>(Expression.Convert(selector.Body, typeof(object)), selector.Parameters).Compile());
    }

    public LambdaExpression Selector { get; }

    public bool IsDescending { get; }

    public Type KeyType { get; }

    internal Func<T, object?> Read => _read.Value;

    public static SortKey<T> Ascending<TKey>(Expression<Func<T, TKey>> selector) where TKey : notnull => new(selector, false);

    public static SortKey<T> Descending<TKey>(Expression<Func<T, TKey>> selector) where TKey : notnull => new(selector, true);
}
