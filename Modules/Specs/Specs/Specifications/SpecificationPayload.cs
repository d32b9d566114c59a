using ProductDescriber.BuildingBlocks.GraphQL.Errors;

namespace ProductDescriber.Specs.Specifications;

internal sealed record SpecificationPayload(Specification? Specification, IReadOnlyList<PayloadError> Errors) : IPayload
{
    public static SpecificationPayload Of(Specification specification) => new(specification, []);

    public static SpecificationPayload Failed(PayloadError error) => new(null, [error]);
}

internal sealed class SpecificationPayloadGraphType : PayloadGraphType<SpecificationPayload>
{
    public SpecificationPayloadGraphType()
        : base("SpecificationPayload")
    {
        Field<SpecificationGraphType>("specification").Description("The version now active; null when the mutation failed.").Resolve(ctx => ctx.Source.Specification);
    }
}
