using System.Globalization;
using System.Text;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Providers.Abstractions;
using ProductDescriber.Specs.Templates;
using ProductDescriber.Specs.Yaml;

namespace ProductDescriber.Specs.Analysis;

/// <summary>The chat sent to a vision provider: a brief, the instructions, the template (when used) and the photos.</summary>
internal static class AnalysisPrompt
{
    private const string Brief =
        "You reconstruct physical products from photographs for people who will reproduce them exactly: " +
        "product photographers, 3D artists and image models. Measure, do not describe marketing. " +
        "Give geometry as proportions and angles, every colour as #RRGGBB hex, materials with finish and how they " +
        "treat light (transparency, reflection), labels with their text, position and size relative to the product, " +
        "and how the product deforms. When a value cannot be determined from the photos, say null rather than guess; " +
        "when you estimate, lower the confidence. Answer with YAML only.";

    /// <param name="generatedPicture">True when the one image is a generated picture to check (describeGeneratedImage):
    /// the same brief and template, but the model is told to describe that picture as it is, not the product as it
    /// should be, so the comparison with the specification shows what the picture got wrong.</param>
    public static ChatHistory Build(ProductInfo product, SpecificationTemplate? template, IReadOnlyList<PreparedImage> images, bool generatedPicture = false)
    {
        var chat = new ChatHistory(Brief);
        var items = new ChatMessageContentItemCollection { new TextContent(Instructions(product, template, images.Count, generatedPicture)) };
        if (template is not null)
        {
            items.Add(VisionTemplate.Item($"{template.Name}@{template.Version}", template.Text));
        }

        foreach (var image in images)
        {
            items.Add(new ImageContent(image.Bytes, image.MimeType));
        }

        chat.Add(new ChatMessageContent(AuthorRole.User, items));
        return chat;
    }

    private static string Instructions(ProductInfo product, SpecificationTemplate? template, int imageCount, bool generatedPicture)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Product: {product.Name}\n");
        if (!string.IsNullOrWhiteSpace(product.Description))
        {
            text.Append(CultureInfo.InvariantCulture, $"Description: {product.Description.Trim()}\n");
        }

        text.Append(
            generatedPicture
                ? "Picture: 1 generated image of the product. Describe the product exactly as this image shows it, even where it looks wrong; do not correct it from what you know of the product.\n\n"
                : string.Create(CultureInfo.InvariantCulture, $"Photos: {imageCount} (the first is the primary view).\n\n"));
        if (template is null)
        {
            text.Append(
                "Describe the product as YAML with a structure of your choosing: dimensions (mm), geometry, colours " +
                "(hex), materials, labels, deformation. Use null for what cannot be determined. Reply with the YAML only.");
            return text.ToString();
        }

        text.Append(CultureInfo.InvariantCulture, $"""
            Fill in the template `{template.Name}` version {template.Version} that follows.
            1. Keep its structure exactly: the same keys, in the same places; add no key and remove none.
            2. Fill every value you can determine from the photos; leave null what you cannot.
            3. Each comment states the value's type; an `enum` comment lists the only values allowed.
            4. Confidences are numbers from 0.0 to 1.0.
            5. For the main dimensions, say in `measurement_basis` what the estimate rests on.
            6. Lengths in millimetres, colours as #RRGGBB, ratios as decimals, dates as YYYY-MM-DD.
            7. Reply with the filled YAML only, no prose.
            """);
        return text.ToString();
    }
}

/// <summary>A photo as sent: bytes within the provider's limits.</summary>
internal sealed record PreparedImage(long ReferenceImageId, byte[] Bytes, string MimeType);
