using System.ComponentModel;
using GraphQL.Types;

namespace ProductDescriber.Generation.Fidelity;

/// <summary>The <c>orderBy</c> argument of <c>Product.gallery</c>.</summary>
internal enum GalleryOrder
{
    [Description("Newest first.")]
    Newest,

    [Description("Highest fidelity score first; unmeasured images last.")]
    ScoreDesc,

    [Description("Lowest fidelity score first; unmeasured images last.")]
    ScoreAsc,
}

internal sealed class GalleryOrderGraphType : EnumerationGraphType<GalleryOrder>
{
    public GalleryOrderGraphType()
    {
        Name = "GalleryOrder";
        Description = "Ordering of a product's gallery; ties are broken by id, so paging is stable.";
    }
}
