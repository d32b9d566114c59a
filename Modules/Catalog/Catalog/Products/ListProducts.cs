using System.Text;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.GraphQL.Paging;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Catalog.Persistence;

namespace ProductDescriber.Catalog.Products;

/// <summary>The filters and ordering of <c>products</c>, already validated.</summary>
internal sealed record ProductFilter(
    string? Search,
    string? Category,
    IReadOnlyList<string> Tags,
    bool IncludeArchived,
    long? CreatedById,
    ProductOrderField OrderBy,
    SortDirection Direction);

/// <summary>
/// <c>products</c>: full-text search (PostgreSQL tsvector, prefix matching on every word), filters, and keyset
/// paging in the requested order with the id as the tie-breaker.
/// </summary>
internal static class ListProducts
{
    private const int MaxSearchTerms = 16;

    public static void AddField(ObjectGraphType query) =>
        query.AddConnectionField<ProductGraphType, ProductInfo, IDbContextFactory<CatalogDbContext>>(
            "products",
            "Products, newest first unless ordered otherwise; archived ones only with `includeArchived`.",
            ListAsync,
            new QueryArgument<StringGraphType> { Name = "search", Description = "Words to find in name, category, tags and description (each word also matches as a prefix: \"stash\" finds \"Stasher\"). Ordered by relevance unless `orderBy` says otherwise." },
            new QueryArgument<StringGraphType> { Name = "category", Description = "Only this category (case-insensitive)." },
            new QueryArgument<ListGraphType<NonNullGraphType<StringGraphType>>> { Name = "tags", Description = "Only products carrying all of these tags." },
            new QueryArgument<BooleanGraphType> { Name = "includeArchived", Description = "Include archived products (default false).", DefaultValue = false },
            new QueryArgument<IdGraphType> { Name = "createdBy", Description = "Only products created by this user." },
            new QueryArgument<ProductOrderInputGraphType> { Name = "orderBy", Description = "Default: relevance with `search`, else CREATED_AT DESC." });

    private static async Task<ConnectionResult<ProductInfo>> ListAsync(IResolveFieldContext ctx, IDbContextFactory<CatalogDbContext> contexts, PageRequest page)
    {
        var search = ctx.GetArgument<string?>("search");
        var order = ctx.GetArgument<Dictionary<string, object?>?>("orderBy");
        var hasSearchWords = ToTsQuery(search) is not null;
        var field = order?["field"] as ProductOrderField? ?? (hasSearchWords ? ProductOrderField.Relevance : ProductOrderField.CreatedAt);
        var direction = order?.GetValueOrDefault("direction") as SortDirection?
            ?? (field is ProductOrderField.Name ? SortDirection.Asc : SortDirection.Desc);
        if (field == ProductOrderField.Relevance && !hasSearchWords)
        {
            throw new ExecutionError("Ordering by RELEVANCE needs a `search` with at least one word.") { Code = "INVALID_ARGUMENT" };
        }

        var createdBy = ctx.GetArgument<string?>("createdBy");
        long? createdById = null;
        if (createdBy is not null)
        {
            // An id of no user (or of another type) matches no product, as `node` would find nothing.
            createdById = GlobalId.TryDecodeLong(createdBy, "User", out var userId) ? userId : -1;
        }

        var filter = new ProductFilter(
            search,
            ProductRules.NormalizeOptional(ctx.GetArgument<string?>("category")),
            ProductRules.NormalizeTags(ctx.GetArgument<List<string?>?>("tags")),
            ctx.GetArgument<bool>("includeArchived"),
            createdById,
            field,
            direction);
        if (IsNewestFirstPage(filter, page))
        {
            return await NewestFirstPageAsync(ctx.RequestServices!, page, ctx.CancellationToken);
        }

        await using var db = await contexts.CreateDbContextAsync(ctx.CancellationToken);
        var result = await RunAsync(db, filter, page, ctx.CancellationToken);
        return result.Select(p => p.ToInfo());
    }

    /// <summary>
    /// The listing most clients ask for (newest first, no filter, first page), in one hand-written statement
    /// (docs/adr/0047). Each row brings its primary photo (a product page shows it), which primes the request's
    /// primaryImage loader: the page and its photos are one statement.
    /// </summary>
    private static async Task<ConnectionResult<ProductInfo>> NewestFirstPageAsync(IServiceProvider services, PageRequest page, CancellationToken cancellationToken)
    {
        var primaryImages = services.GetRequiredService<PrimaryImageByProductLoader>();
        var rows = await services.GetRequiredService<ProductRows>().NewestFirstAsync(page.Size + 1, cancellationToken);
        var products = new List<ProductInfo>(rows.Count);
        foreach (var row in rows)
        {
            products.Add(row.Product);
            primaryImages.Prime(row.Product.Id, row.PrimaryImage);
        }

        return KeysetPaging.ToConnection(products, page, NewestFirst);
    }

    private static async Task<ConnectionResult<Product>> RunAsync(CatalogDbContext db, ProductFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        var products = db.Products.AsNoTracking();
        if (!filter.IncludeArchived)
        {
            products = products.Where(p => p.ArchivedAt == null);
        }

        if (filter.Category is { } category)
        {
            var lowered = category.ToLowerInvariant();
            products = products.Where(p => p.Category != null && p.Category.ToLower() == lowered);
        }

        if (filter.Tags.Count > 0)
        {
            var tags = filter.Tags.ToArray();
            products = products.Where(p => tags.All(t => p.Tags.Contains(t)));
        }

        if (filter.CreatedById is { } createdBy)
        {
            products = products.Where(p => p.CreatedById == createdBy);
        }

        var query = ToTsQuery(filter.Search);
        if (query is not null)
        {
            products = products.Where(p => p.SearchVector.Matches(EF.Functions.ToTsQuery(CatalogDbContext.SearchConfiguration, query)));
            if (filter.OrderBy == ProductOrderField.Relevance)
            {
                var ranked = products.Select(p => new RankedProduct
                {
                    Product = p,
                    Rank = p.SearchVector.Rank(EF.Functions.ToTsQuery(CatalogDbContext.SearchConfiguration, query)),
                });
                var byRank = filter.Direction == SortDirection.Desc ? ByRankDescending : ByRankAscending;
                return (await ranked.ToConnectionAsync(page, byRank, cancellationToken)).Select(r => r.Product);
            }
        }

        return await products.Select(Product.WithoutSearchVector).ToConnectionAsync(page, Keys(filter.OrderBy, filter.Direction), cancellationToken);
    }

    private static bool IsNewestFirstPage(ProductFilter filter, PageRequest page) =>
        filter is { Category: null, Tags.Count: 0, IncludeArchived: false, CreatedById: null, OrderBy: ProductOrderField.CreatedAt, Direction: SortDirection.Desc }
        && ToTsQuery(filter.Search) is null
        && page is { Cursor: null, Backward: false, IncludeTotalCount: false };

    /// <summary>
    /// "Stash bag" becomes <c>stash:* &amp; bag:*</c>: every word must match, as a prefix. Only letters and digits
    /// reach the query syntax, so user input can never be a malformed tsquery. Null when nothing searchable remains.
    /// </summary>
    private static string? ToTsQuery(string? search)
    {
        if (string.IsNullOrWhiteSpace(search))
        {
            return null;
        }

        var terms = new List<string>();
        var term = new StringBuilder();
        foreach (var c in search.Normalize(NormalizationForm.FormKC) + " ")
        {
            if (char.IsLetterOrDigit(c))
            {
                term.Append(char.ToLowerInvariant(c));
            }
            else if (term.Length > 0)
            {
                terms.Add(term.ToString());
                term.Clear();
            }
        }

        var distinct = terms.Distinct().Take(MaxSearchTerms).Select(t => t.Length > 50 ? t[..50] : t).ToList();
        return distinct.Count == 0 ? null : string.Join(" & ", distinct.Select(t => t + ":*"));
    }

    // Built once: a key compiles its selector when it first encodes a cursor (see SortKey).
    private static readonly SortKey<Product>[] ByNameDescending = [SortKey<Product>.Descending(p => p.Name.ToLower()), SortKey<Product>.Descending(p => p.Id)];
    private static readonly SortKey<Product>[] ByNameAscending = [SortKey<Product>.Ascending(p => p.Name.ToLower()), SortKey<Product>.Ascending(p => p.Id)];
    private static readonly SortKey<Product>[] ByUpdatedDescending = [SortKey<Product>.Descending(p => p.UpdatedAt), SortKey<Product>.Descending(p => p.Id)];
    private static readonly SortKey<Product>[] ByUpdatedAscending = [SortKey<Product>.Ascending(p => p.UpdatedAt), SortKey<Product>.Ascending(p => p.Id)];
    private static readonly SortKey<Product>[] ByCreatedDescending = [SortKey<Product>.Descending(p => p.CreatedAt), SortKey<Product>.Descending(p => p.Id)];
    private static readonly SortKey<Product>[] ByCreatedAscending = [SortKey<Product>.Ascending(p => p.CreatedAt), SortKey<Product>.Ascending(p => p.Id)];
    private static readonly SortKey<ProductInfo>[] NewestFirst = [SortKey<ProductInfo>.Descending(p => p.CreatedAt), SortKey<ProductInfo>.Descending(p => p.Id)];
    private static readonly SortKey<RankedProduct>[] ByRankDescending = [SortKey<RankedProduct>.Descending(r => r.Rank), SortKey<RankedProduct>.Ascending(r => r.Product.Id)];
    private static readonly SortKey<RankedProduct>[] ByRankAscending = [SortKey<RankedProduct>.Ascending(r => r.Rank), SortKey<RankedProduct>.Descending(r => r.Product.Id)];

    private static SortKey<Product>[] Keys(ProductOrderField field, SortDirection direction)
    {
        var descending = direction == SortDirection.Desc;
        return field switch
        {
            ProductOrderField.Name => descending ? ByNameDescending : ByNameAscending,
            ProductOrderField.UpdatedAt => descending ? ByUpdatedDescending : ByUpdatedAscending,
            _ => descending ? ByCreatedDescending : ByCreatedAscending,
        };
    }

    internal sealed class RankedProduct
    {
        public required Product Product { get; init; }

        public float Rank { get; init; }
    }
}
