using System.Text;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.GraphQL.Paging;
using ProductDescriber.Catalog.GraphQL;
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
internal static class ProductListQuery
{
    private const int MaxSearchTerms = 16;

    public static async Task<ConnectionResult<Product>> RunAsync(CatalogDbContext db, ProductFilter filter, PageRequest page, CancellationToken cancellationToken)
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
                SortKey<RankedProduct>[] byRank = filter.Direction == SortDirection.Desc
                    ? [SortKey<RankedProduct>.Descending(r => r.Rank), SortKey<RankedProduct>.Ascending(r => r.Product.Id)]
                    : [SortKey<RankedProduct>.Ascending(r => r.Rank), SortKey<RankedProduct>.Descending(r => r.Product.Id)];
                return (await ranked.ToConnectionAsync(page, byRank, cancellationToken)).Select(r => r.Product);
            }
        }

        return await products.ToConnectionAsync(page, Keys(filter.OrderBy, filter.Direction), cancellationToken);
    }

    /// <summary>
    /// "Stash bag" becomes <c>stash:* &amp; bag:*</c>: every word must match, as a prefix. Only letters and digits
    /// reach the query syntax, so user input can never be a malformed tsquery. Null when nothing searchable remains.
    /// </summary>
    public static string? ToTsQuery(string? search)
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

    private static SortKey<Product>[] Keys(ProductOrderField field, SortDirection direction)
    {
        var descending = direction == SortDirection.Desc;
        return field switch
        {
            ProductOrderField.Name => descending
                ? [SortKey<Product>.Descending(p => p.Name.ToLower()), SortKey<Product>.Descending(p => p.Id)]
                : [SortKey<Product>.Ascending(p => p.Name.ToLower()), SortKey<Product>.Ascending(p => p.Id)],
            ProductOrderField.UpdatedAt => descending
                ? [SortKey<Product>.Descending(p => p.UpdatedAt), SortKey<Product>.Descending(p => p.Id)]
                : [SortKey<Product>.Ascending(p => p.UpdatedAt), SortKey<Product>.Ascending(p => p.Id)],
            _ => descending
                ? [SortKey<Product>.Descending(p => p.CreatedAt), SortKey<Product>.Descending(p => p.Id)]
                : [SortKey<Product>.Ascending(p => p.CreatedAt), SortKey<Product>.Ascending(p => p.Id)],
        };
    }

    internal sealed class RankedProduct
    {
        public required Product Product { get; init; }

        public float Rank { get; init; }
    }
}
