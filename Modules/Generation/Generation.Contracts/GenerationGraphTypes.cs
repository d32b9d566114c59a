namespace ProductDescriber.Generation.Contracts;

/// <summary>Names other modules use to refer to Generation's GraphQL types (global ids).</summary>
public static class GenerationGraphTypes
{
    public const string GenerationRequest = "GenerationRequest";

    public const string GeneratedImage = "GeneratedImage";
}
