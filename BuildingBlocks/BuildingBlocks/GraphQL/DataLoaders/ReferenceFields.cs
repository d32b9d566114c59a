using GraphQL.Builders;
using GraphQL.MicrosoftDI;
using GraphQL.Types;

namespace ProductDescriber.BuildingBlocks.GraphQL.DataLoaders;

/// <summary>
/// A nullable field of another module's type, named rather than referenced (<c>createdBy: User</c>), loaded in
/// batches by <typeparamref name="TLoader"/> from the request's scope: a page of parents costs one query.
/// </summary>
public static class ReferenceFields
{
    public static FieldBuilder<TSource, object> AddReferenceField<TSource, TLoader, TValue>(
        this ObjectGraphType<TSource> type, string name, string typeName, string description, Func<TSource, long?> key)
        where TLoader : BatchDataLoader<long, TValue>
        where TValue : class
    {
        var field = type.Field(name, new GraphQLTypeReference(typeName)).Description(description);
        field.Resolve()
            .WithService<TLoader>()
            .Resolve((ctx, loader) => key(ctx.Source) is { } id ? loader.LoadAsync(id) : new ReadyResult<TValue?>(null));
        return field;
    }
}
