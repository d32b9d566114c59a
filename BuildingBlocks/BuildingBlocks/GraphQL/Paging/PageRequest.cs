using GraphQL;

namespace ProductDescriber.BuildingBlocks.GraphQL.Paging;

/// <summary>The Relay paging arguments of one field, validated: never both directions, never above the maximum.</summary>
public sealed record PageRequest(int Size, bool Backward, string? Cursor, bool IncludeTotalCount = false)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static PageRequest FromArguments(IResolveFieldContext context)
    {
        var first = context.GetArgument<int?>("first");
        var last = context.GetArgument<int?>("last");
        var after = context.GetArgument<string?>("after");
        var before = context.GetArgument<string?>("before");

        if (first is not null && last is not null)
        {
            throw Invalid("Use either `first` or `last`, not both.");
        }

        if (first < 0 || last < 0)
        {
            throw Invalid("`first` and `last` must not be negative.");
        }

        if (first > MaxPageSize || last > MaxPageSize)
        {
            throw Invalid($"At most {MaxPageSize} items can be fetched per page.");
        }

        var backward = last is not null || (before is not null && first is null);
        if (backward && after is not null)
        {
            throw Invalid("`after` cannot be combined with `last` or `before`.");
        }

        if (!backward && before is not null)
        {
            throw Invalid("`before` cannot be combined with `first` or `after`.");
        }

        var includeTotalCount = context.SubFields?.ContainsKey("totalCount") == true;
        return new PageRequest(first ?? last ?? DefaultPageSize, backward, backward ? before : after, includeTotalCount);
    }

    private static ExecutionError Invalid(string message) => new(message) { Code = "INVALID_PAGING" };
}
