using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;

namespace ProductDescriber.Generation;

// Generation's typed payload errors (interface Error); the generic ones are in BuildingBlocks.

/// <summary>The product has no specification to generate from (analyse it first, or name one).</summary>
internal sealed record NoSpecificationError(string ProductId)
    : PayloadError("The product has no specification yet: analyse its photos first (analyzeProduct), or name a specification.")
{
    public override string Code => "NO_SPECIFICATION";
}

/// <summary>A request cannot be cancelled because it has already finished.</summary>
internal sealed record AlreadyFinishedError(string RequestId, string Status)
    : PayloadError($"The request has already finished ({Status}); there is nothing to cancel.")
{
    public override string Code => "ALREADY_FINISHED";
}

internal sealed class NoSpecificationErrorGraphType : PayloadErrorGraphType<NoSpecificationError>
{
    public NoSpecificationErrorGraphType()
        : base("NoSpecificationError", "The product has no specification to generate from.")
    {
        Field<NonNullGraphType<IdGraphType>>("productId").Description("The product.").Resolve(ctx => ctx.Source.ProductId);
    }
}

internal sealed class AlreadyFinishedErrorGraphType : PayloadErrorGraphType<AlreadyFinishedError>
{
    public AlreadyFinishedErrorGraphType()
        : base("AlreadyFinishedError", "The request has already finished.")
    {
        Field<NonNullGraphType<IdGraphType>>("requestId").Description("The request.").Resolve(ctx => ctx.Source.RequestId);
        Field(e => e.Status).Description("Its final status.");
    }
}
