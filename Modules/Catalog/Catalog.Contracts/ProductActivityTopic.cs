using System.Globalization;

namespace ProductDescriber.Catalog.Contracts;

/// <summary>
/// The bus topic on which every module announces a change of a product's background work (an analysis run, a
/// generation request): the payload only says which kind changed; <c>productActivity</c> re-reads the states.
/// </summary>
public static class ProductActivityTopic
{
    public static string For(long productId) => "product-activity:" + productId.ToString(CultureInfo.InvariantCulture);
}
