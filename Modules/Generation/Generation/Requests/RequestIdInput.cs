using GraphQL.Types;

namespace ProductDescriber.Generation.Requests;

internal sealed class RequestIdInput
{
    public string RequestId { get; init; } = "";
}

/// <summary>An input naming one generation request, under the mutation's own input type name.</summary>
internal abstract class RequestIdInputGraphType : InputObjectGraphType<RequestIdInput>
{
    protected RequestIdInputGraphType(string name)
    {
        Name = name;
        Field<NonNullGraphType<IdGraphType>>("requestId").Description("The generation request.");
    }
}

internal sealed record RequestPayload(GenerationRequest? Request, IReadOnlyList<BuildingBlocks.GraphQL.Errors.PayloadError> Errors) : BuildingBlocks.GraphQL.Errors.IPayload;
