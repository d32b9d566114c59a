namespace ProductDescriber.Generation.Contracts;

/// <summary>
/// What another module may read of the object behind a <c>GenerationRequest</c> it extends (Costs adds
/// <c>GenerationRequest.cost</c>): its database key.
/// </summary>
public interface IGenerationRequestKey
{
    long Id { get; }
}
