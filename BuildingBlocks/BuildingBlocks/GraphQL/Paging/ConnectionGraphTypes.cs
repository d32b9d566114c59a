using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Resolvers;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace ProductDescriber.BuildingBlocks.GraphQL.Paging;

public sealed class PageInfoGraphType : ObjectGraphType<ConnectionPageInfo>
{
    public PageInfoGraphType()
    {
        Name = "PageInfo";
        Description = "Where a page sits in its connection.";
        Field(p => p.HasNextPage).Description("Whether more items follow the last one of this page.");
        Field(p => p.HasPreviousPage).Description("Whether more items precede the first one of this page.");
        Field(p => p.StartCursor, nullable: true).Description("Cursor of the first item; null on an empty page.");
        Field(p => p.EndCursor, nullable: true).Description("Cursor of the last item; null on an empty page.");
    }
}

/// <summary>
/// Adds Relay cursor-connection fields shaped like HotChocolate's: the field <c>users</c> gets types
/// <c>UsersConnection</c> and <c>UsersEdge</c> with <c>edges</c>, <c>nodes</c>, <c>pageInfo</c> and
/// <c>totalCount</c>, and the arguments <c>first/after/last/before</c>.
/// </summary>
public static class ConnectionFields
{
    public static FieldType AddConnectionField<TNodeGraphType, TNode>(
        this IComplexGraphType parent,
        string fieldName,
        string description,
        Func<IResolveFieldContext, PageRequest, Task<ConnectionResult<TNode>>> resolve,
        params QueryArgument[] filterArguments)
        where TNodeGraphType : IGraphType =>
        parent.AddConnectionField<TNodeGraphType, TNode>(fieldName, char.ToUpperInvariant(fieldName[0]) + fieldName[1..], description, resolve, filterArguments);

    /// <summary>
    /// The same with the connection named after its items rather than the field (<c>gallery</c> of
    /// <c>GeneratedImageConnection</c>), for a field whose name says little about what it lists.
    /// </summary>
    public static FieldType AddConnectionField<TNodeGraphType, TNode>(
        this IComplexGraphType parent,
        string fieldName,
        string typeNamePrefix,
        string description,
        Func<IResolveFieldContext, PageRequest, Task<ConnectionResult<TNode>>> resolve,
        params QueryArgument[] filterArguments)
        where TNodeGraphType : IGraphType
    {
        var edgeType = new EdgeGraphType<TNodeGraphType, TNode>(typeNamePrefix + "Edge");
        var connectionType = new ConnectionGraphType<TNodeGraphType, TNode>(typeNamePrefix + "Connection", edgeType);

        var arguments = new QueryArguments(filterArguments)
        {
            new QueryArgument<IntGraphType> { Name = "first", Description = $"Items after `after` (default {PageRequest.DefaultPageSize}, at most {PageRequest.MaxPageSize})." },
            new QueryArgument<StringGraphType> { Name = "after", Description = "Cursor to continue after." },
            new QueryArgument<IntGraphType> { Name = "last", Description = $"Items before `before` (at most {PageRequest.MaxPageSize})." },
            new QueryArgument<StringGraphType> { Name = "before", Description = "Cursor to continue before." },
        };

        var field = new FieldType
        {
            Name = fieldName,
            Description = description,
            ResolvedType = new NonNullGraphType(connectionType),
            Arguments = arguments,
            Resolver = new FuncFieldResolver<object>(async ctx => await resolve(ctx, PageRequest.FromArguments(ctx))),
        };
        return parent.AddField(field);
    }

    /// <summary>
    /// The same, resolved through a batch data loader: <paramref name="load"/> returns the loader's pending result
    /// without awaiting it, so the pages of every parent at one level are read together (no query per parent).
    /// </summary>
    public static FieldType AddBatchedConnectionField<TNodeGraphType, TNode>(
        this IComplexGraphType parent,
        string fieldName,
        string typeNamePrefix,
        string description,
        Func<IResolveFieldContext, PageRequest, IDataLoaderResult<ConnectionResult<TNode>>> load,
        params QueryArgument[] filterArguments)
        where TNodeGraphType : IGraphType
    {
        var field = parent.AddConnectionField<TNodeGraphType, TNode>(
            fieldName, typeNamePrefix, description, (_, _) => throw new InvalidOperationException("Replaced below."), filterArguments);
        field.Resolver = new FuncFieldResolver<object>(ctx => load(ctx, PageRequest.FromArguments(ctx)));
        return field;
    }

    /// <summary>
    /// The same, with a service from the request's scope passed to the resolver (as GraphQL.MicrosoftDI's
    /// <c>WithService</c> does for ordinary fields), so resolvers never look services up by hand.
    /// </summary>
    public static FieldType AddConnectionField<TNodeGraphType, TNode, TService>(
        this IComplexGraphType parent,
        string fieldName,
        string description,
        Func<IResolveFieldContext, TService, PageRequest, Task<ConnectionResult<TNode>>> resolve,
        params QueryArgument[] filterArguments)
        where TNodeGraphType : IGraphType
        where TService : notnull
    {
        var field = parent.AddConnectionField<TNodeGraphType, TNode>(
            fieldName,
            description,
            (ctx, page) => resolve(ctx, ctx.RequestServices!.GetRequiredService<TService>(), page),
            filterArguments);
        field.DependsOn(typeof(TService));
        return field;
    }

    /// <summary>Named after its items, with a service from the request's scope (see the overloads above).</summary>
    public static FieldType AddConnectionField<TNodeGraphType, TNode, TService>(
        this IComplexGraphType parent,
        string fieldName,
        string typeNamePrefix,
        string description,
        Func<IResolveFieldContext, TService, PageRequest, Task<ConnectionResult<TNode>>> resolve,
        params QueryArgument[] filterArguments)
        where TNodeGraphType : IGraphType
        where TService : notnull
    {
        var field = parent.AddConnectionField<TNodeGraphType, TNode>(
            fieldName,
            typeNamePrefix,
            description,
            (ctx, page) => resolve(ctx, ctx.RequestServices!.GetRequiredService<TService>(), page),
            filterArguments);
        field.DependsOn(typeof(TService));
        return field;
    }

    private sealed class ConnectionGraphType<TNodeGraphType, TNode> : ObjectGraphType<ConnectionResult<TNode>>
        where TNodeGraphType : IGraphType
    {
        public ConnectionGraphType(string name, IGraphType edgeType)
        {
            Name = name;
            Description = "A page of a cursor connection.";
            AddField(new FieldType
            {
                Name = "edges",
                Description = "The items of this page with their cursors.",
                ResolvedType = new NonNullGraphType(new ListGraphType(new NonNullGraphType(edgeType))),
                Resolver = new FuncFieldResolver<ConnectionResult<TNode>, object>(ctx => ctx.Source.Edges),
            });
            Field<NonNullGraphType<ListGraphType<NonNullGraphType<TNodeGraphType>>>>("nodes")
                .Description("The items of this page, without cursors.")
                .Resolve(ctx => ctx.Source.Edges.Select(e => e.Node));
            Field<NonNullGraphType<PageInfoGraphType>>("pageInfo")
                .Description("Paging information.")
                .Resolve(ctx => ctx.Source.PageInfo);
            Field<NonNullGraphType<IntGraphType>>("totalCount")
                .Description("Number of items in the whole connection (ignores paging).")
                .ResolveAsync(async ctx => await ctx.Source.CountAsync(ctx.CancellationToken));
        }
    }

    private sealed class EdgeGraphType<TNodeGraphType, TNode> : ObjectGraphType<ConnectionEdge<TNode>>
        where TNodeGraphType : IGraphType
    {
        public EdgeGraphType(string name)
        {
            Name = name;
            Description = "An item of a connection with its cursor.";
            Field(e => e.Cursor).Description("Opaque cursor of this item.");
            Field<NonNullGraphType<TNodeGraphType>>("node").Description("The item.").Resolve(ctx => ctx.Source.Node);
        }
    }
}
