using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Costs.Budgets;

namespace ProductDescriber.Costs;

/// <summary>The global ids Costs reads and hands out: users' and products' (its own rows have no ids of their own in the API).</summary>
internal static class CostsIds
{
    /// <summary>Identity's GraphQL type name for users (as Catalog, Specs and Generation spell it).</summary>
    public const string User = "User";

    public static string Product(long id) => GlobalId.Encode(CatalogGraphTypes.Product, id);

    public static string UserId(long id) => GlobalId.Encode(User, id);

    public static string Subject(BudgetScope scope, long id) => scope == BudgetScope.User ? UserId(id) : Product(id);

    public static bool TrySubject(BudgetScope scope, string? id, out long key) =>
        GlobalId.TryDecodeLong(id, scope == BudgetScope.User ? User : CatalogGraphTypes.Product, out key);
}
