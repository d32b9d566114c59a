using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.Schema;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.ProviderHosting.GraphQL;

/// <summary>The <c>providers</c> query: what each AI provider can do and whether it is usable, never a key.</summary>
internal sealed class ProvidersQueryContributor(IAiProviderRegistry registry) : IGraphQLContributor
{
    public void ContributeQuery(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<AiProviderGraphType>>>>("providers")
            .Description("Every AI provider the server has, configured or not, by name.")
            .Resolve(_ =>
            {
                var vision = registry.Choose(AiCapabilities.Vision).Provider?.Descriptor.Name;
                var images = registry.Choose(AiCapabilities.ImageGeneration).Provider?.Descriptor.Name;
                return registry.Providers.Select(d => new AiProviderView(d, d.Name == vision, d.Name == images)).ToList();
            });
    }
}

/// <summary>A descriptor with what the registry would choose when a call names no provider.</summary>
internal sealed record AiProviderView(AiProviderDescriptor Descriptor, bool IsDefaultForVision, bool IsDefaultForImages);

internal sealed class AiProviderGraphType : ObjectGraphType<AiProviderView>
{
    public AiProviderGraphType()
    {
        Name = "AiProvider";
        Description = "An AI provider: what it can do and whether it can be used now. Keys are never shown.";
        Field<NonNullGraphType<StringGraphType>>("name").Description("Stable lower-case key that requests name, e.g. `offline`.").Resolve(c => c.Source.Descriptor.Name);
        Field<NonNullGraphType<StringGraphType>>("displayName").Description("Name to show people.").Resolve(c => c.Source.Descriptor.DisplayName);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AiCapabilityGraphType>>>>("capabilities")
            .Description("What it can do.")
            .Resolve(c => Enum.GetValues<AiCapabilities>().Where(f => f != AiCapabilities.None && c.Source.Descriptor.Can(f)).ToList());
        Field<StringGraphType>("visionModel").Description("Model used to describe photos; null without VISION.").Resolve(c => c.Source.Descriptor.VisionModel);
        Field<StringGraphType>("imageModel").Description("Model used to make pictures; null without IMAGE_GENERATION.").Resolve(c => c.Source.Descriptor.ImageModel);
        Field<NonNullGraphType<BooleanGraphType>>("isConfigured").Description("Whether it can be used now (a remote provider needs its key).").Resolve(c => c.Source.Descriptor.IsConfigured);
        Field<NonNullGraphType<BooleanGraphType>>("isRemote").Description("Whether calls leave the server (and may cost money).").Resolve(c => c.Source.Descriptor.IsRemote);
        Field<NonNullGraphType<BooleanGraphType>>("isDefaultForVision").Description("Whether a description that names no provider uses this one.").Resolve(c => c.Source.IsDefaultForVision);
        Field<NonNullGraphType<BooleanGraphType>>("isDefaultForImages").Description("Whether a generation that names no provider uses this one.").Resolve(c => c.Source.IsDefaultForImages);
        Field<NonNullGraphType<AiProviderLimitsGraphType>>("limits").Description("How much it accepts in one call.").Resolve(c => c.Source.Descriptor.Limits);
    }
}

internal sealed class AiProviderLimitsGraphType : ObjectGraphType<AiProviderLimits>
{
    public AiProviderLimitsGraphType()
    {
        Name = "AiProviderLimits";
        Description = "How much an AI provider accepts in one call.";
        Field(l => l.MaxReferenceImages).Description("Photos per description, and reference photos per generation call.");
        Field(l => l.MaxImageEdge).Description("Longest edge in pixels of a photo sent; larger ones are scaled down first.");
        Field<NonNullGraphType<IntGraphType>>("maxImageBytes").Description("Largest encoded photo sent, in bytes.").Resolve(c => (int)Math.Min(c.Source.MaxImageBytes, int.MaxValue));
        Field(l => l.MaxImagesPerCall).Description("Pictures one generation call may return.");
    }
}

internal sealed class AiCapabilityGraphType : EnumerationGraphType
{
    public AiCapabilityGraphType()
    {
        Name = "AiCapability";
        Description = "Something an AI provider can do.";
        Add("VISION", AiCapabilities.Vision, "Describes products from their photos.");
        Add("IMAGE_GENERATION", AiCapabilities.ImageGeneration, "Makes product pictures from a prompt and reference photos.");
    }
}
