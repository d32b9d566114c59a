using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.Generation.Contracts;
using ProductDescriber.Generation.Gallery;
using ProductDescriber.Generation.Requests;

namespace ProductDescriber.Generation;

/// <summary>Every signed-in user of the team may read every product's requests and images.</summary>
internal sealed class GenerationRequestNodeResolver() : LoaderNodeResolver<GenerationRequestByIdLoader, GenerationRequest>(GenerationGraphTypes.GenerationRequest);

internal sealed class GeneratedImageNodeResolver() : LoaderNodeResolver<GalleryImageByIdLoader, GalleryImage>(GenerationGraphTypes.GeneratedImage);
