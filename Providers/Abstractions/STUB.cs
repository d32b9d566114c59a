// STUB: replaced by the helper's real VisionTemplate at merge.
using Microsoft.SemanticKernel;
namespace ProductDescriber.Providers.Abstractions;
public static class VisionTemplate
{
    public static TextContent Item(string id, string text) => new(text) { Metadata = new Dictionary<string, object?> { ["ProductDescriber.Template"] = id } };
}
