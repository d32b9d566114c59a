using GraphQL.Builders;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;

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

    /// <summary>
    /// The same for a type whose graph type resolves from the owner module's internal records (Specs'
    /// <c>Specification</c>): the value is fetched by the owner's own <see cref="INodeResolver"/>, so it is batched by
    /// the owner's loader and subject to the owner's visibility rules, as <c>node(id:)</c> would be.
    /// </summary>
    public static FieldBuilder<TSource, object> AddNodeReferenceField<TSource>(
        this ObjectGraphType<TSource> type, string name, string typeName, string description, Func<TSource, long?> key)
    {
        var field = type.Field(name, new GraphQLTypeReference(typeName)).Description(description);
        field.Resolve(ctx =>
        {
            if (key(ctx.Source) is not { } id)
            {
                return new ReadyResult<object?>(null);
            }

            // Looked up per call from the request's services (a handful of singletons), never cached in the schema:
            // the resolver belongs to the container serving this request.
            var owner = ctx.RequestServices!.GetServices<INodeResolver>().SingleOrDefault(r => r.TypeName == typeName)
                ?? throw new InvalidOperationException($"No node resolver serves type {typeName}.");
            return owner.Resolve(ctx, id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
        return field;
    }
}
