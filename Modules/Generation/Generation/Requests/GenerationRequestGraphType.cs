using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.Generation.Contracts;

namespace ProductDescriber.Generation.Requests;

// STUB: replaced by the read side (branch i12-reads).
internal sealed class GenerationRequestGraphType : ObjectGraphType<GenerationRequest>
{
    public GenerationRequestGraphType()
    {
        Name = GenerationGraphTypes.GenerationRequest;
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(ctx => GlobalId.Encode(GenerationGraphTypes.GenerationRequest, ctx.Source.Id));
        Field<NonNullGraphType<StringGraphType>>("status").Resolve(ctx => ctx.Source.Status.ToString().ToUpperInvariant());
        Field<NonNullGraphType<IntGraphType>>("imagesDone").Resolve(ctx => ctx.Source.ImagesDone);
        Field(r => r.EffectivePrompt);
        Field(r => r.ErrorKind, nullable: true);
        Field(r => r.ErrorMessage, nullable: true);
    }
}
