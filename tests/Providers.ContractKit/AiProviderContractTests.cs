using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using ProductDescriber.Providers.Abstractions;
using SkiaSharp;

namespace ProductDescriber.Providers.ContractKit;

/// <summary>
/// What every AI provider must do, whoever wrote it. Subclass it once per provider and give the harness: the
/// provider to test (built as the Host builds it, e.g. from a started Host's <see cref="IAiProviderRegistry"/>, or
/// from a ServiceCollection your module registered into, pointed at a fake server) and the secrets you configured.
/// The tests of a capability the provider does not claim are reported as skipped, never as passed: nothing was
/// checked. (Xunit.SkippableFact; a provider with no service for a capability it claims fails instead.)
/// </summary>
public abstract partial class AiProviderContractTests
{
    /// <summary>The provider under test, configured and usable.</summary>
    protected abstract IAiProvider CreateProvider();

    /// <summary>Every key or password configured for the provider: none may appear in what it shows.</summary>
    protected virtual IReadOnlyCollection<string> ConfiguredSecrets => [];

    /// <summary>The resolution generation tests ask for; 1K keeps them fast.</summary>
    protected virtual ImageResolution TestResolution => ImageResolution.OneK;

    /// <summary>
    /// The ratios the provider makes natively, if not every one: a request for another ratio must then come back at
    /// the nearest of these (the caller crops), e.g. 16:9 as 3:2 from a model that only makes 1:1, 3:2 and 2:3.
    /// </summary>
    protected virtual IReadOnlyCollection<AspectRatio>? NativeRatios => null;

    [Fact]
    public void The_descriptor_is_sane()
    {
        var provider = CreateProvider();
        var d = provider.Descriptor;

        Assert.Matches(NameRule(), d.Name);
        Assert.False(string.IsNullOrWhiteSpace(d.DisplayName), "DisplayName is blank.");
        Assert.NotEqual(AiCapabilities.None, d.Capabilities);
        Assert.True(d.IsConfigured, "The contract kit needs a configured provider.");
        Assert.Equal(d.Can(AiCapabilities.Vision), provider.Vision is not null);
        Assert.Equal(d.Can(AiCapabilities.ImageGeneration), provider.Images is not null);
        Assert.Equal(d.Can(AiCapabilities.Vision), !string.IsNullOrWhiteSpace(d.VisionModel));
        Assert.Equal(d.Can(AiCapabilities.ImageGeneration), !string.IsNullOrWhiteSpace(d.ImageModel));
        Assert.True(d.Limits.MaxReferenceImages > 0, "MaxReferenceImages must be positive.");
        Assert.True(d.Limits.MaxImageEdge > 0, "MaxImageEdge must be positive.");
        Assert.True(d.Limits.MaxImageBytes > 0, "MaxImageBytes must be positive.");
        Assert.True(d.Limits.MaxImagesPerCall > 0, "MaxImagesPerCall must be positive.");
    }

    [Fact]
    public void The_descriptor_shows_no_secret()
    {
        var descriptor = CreateProvider().Descriptor;
        var shown = JsonSerializer.Serialize(descriptor) + descriptor;

        foreach (var secret in ConfiguredSecrets.Where(s => s.Length > 0))
        {
            Assert.DoesNotContain(secret, shown, StringComparison.Ordinal);
        }
    }

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Vision_describes_photos_and_reports_usage(int photos)
    {
        var provider = CreateProvider();
        SkipUnless(provider, AiCapabilities.Vision);

        var history = Photos(Math.Min(photos, provider.Descriptor.Limits.MaxReferenceImages));

        var reply = await provider.Vision!.GetChatMessageContentAsync(history, cancellationToken: Timeout());

        Assert.False(string.IsNullOrWhiteSpace(reply.Content), "The vision reply has no text.");
        var usage = Assert.IsType<AiUsage>(reply.Metadata?.GetValueOrDefault(AiMetadata.Usage));
        Assert.Equal(provider.Descriptor.Name, usage.Provider);
        Assert.False(string.IsNullOrWhiteSpace(usage.Model), "The usage names no model.");
    }

    /// <summary>
    /// A request carrying a template item (<see cref="VisionTemplate"/>) is answered like any other: a provider that
    /// calls a model passes the template on as text; one that fills templates itself fills this one.
    /// </summary>
    [SkippableFact]
    public async Task Vision_answers_a_request_that_carries_a_template()
    {
        var provider = CreateProvider();
        SkipUnless(provider, AiCapabilities.Vision);

        var history = Photos(1);
        VisionTemplate.Attach(history[^1], "contract@1.0", "metadata:\n  image_count: null  # integer\ncolors:\n  primary:\n    hex: null  # hex\n");

        var reply = await provider.Vision!.GetChatMessageContentAsync(history, cancellationToken: Timeout());

        Assert.False(string.IsNullOrWhiteSpace(reply.Content), "The vision reply has no text.");
        Assert.Equal(provider.Descriptor.Name, Assert.IsType<AiUsage>(reply.Metadata?.GetValueOrDefault(AiMetadata.Usage)).Provider);
    }

    [SkippableFact]
    public async Task Vision_stops_when_cancelled()
    {
        var provider = CreateProvider();
        SkipUnless(provider, AiCapabilities.Vision);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            provider.Vision!.GetChatMessageContentAsync(Photos(1), cancellationToken: new CancellationToken(canceled: true)));
    }

    [SkippableTheory]
    [InlineData(16, 9)]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    public async Task Images_come_with_the_requested_indices_ratio_and_a_real_format(int width, int height)
    {
        var provider = CreateProvider();
        SkipUnless(provider, AiCapabilities.ImageGeneration);

        var ratio = new AspectRatio(width, height);
        var count = Math.Min(2, provider.Descriptor.Limits.MaxImagesPerCall);
        var request = new ImageGenerationRequest(
            "The product on a plain light grey background.",
            [new InputImage(ContractImages.ProductPhoto(SKColors.OrangeRed), "image/png", IsPrimary: true)],
            ratio,
            TestResolution,
            Count: count,
            StartIndex: 3,
            Seed: "contract");

        var images = new List<GeneratedImage>();
        await foreach (var image in provider.Images!.GenerateAsync(request, Timeout()))
        {
            images.Add(image);
        }

        Assert.Equal(Enumerable.Range(3, count), images.Select(i => i.Index).Order());
        var expected = NativeRatios is { Count: > 0 } native
            ? native.MinBy(n => Math.Abs(Math.Log(n.Value / ratio.Value)))
            : ratio;
        foreach (var image in images)
        {
            var (w, h, mediaType) = ContractImages.Decode(image.Bytes);
            Assert.Equal(mediaType, image.MediaType);
            var off = Math.Abs(((double)w / h) - expected.Value) / expected.Value;
            Assert.True(off <= 0.02, $"Image {image.Index} is {w}x{h}, {off:P1} off {expected} (requested {ratio}).");
            Assert.Equal(provider.Descriptor.Name, image.Usage.Provider);
            Assert.False(string.IsNullOrWhiteSpace(image.Usage.Model), "The usage names no model.");
        }
    }

    [SkippableFact]
    public async Task Image_generation_stops_when_cancelled()
    {
        var provider = CreateProvider();
        SkipUnless(provider, AiCapabilities.ImageGeneration);

        var request = new ImageGenerationRequest("A product.", [], AspectRatio.Square, TestResolution);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in provider.Images!.GenerateAsync(request, new CancellationToken(canceled: true)))
            {
            }
        });
    }

    /// <summary>
    /// Skips the calling test when the provider does not claim <paramref name="capability"/>; a provider that claims it
    /// must have the service (and one that has the service but does not claim it fails <see cref="The_descriptor_is_sane"/>).
    /// </summary>
    protected static void SkipUnless(IAiProvider provider, AiCapabilities capability)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var service = capability == AiCapabilities.Vision ? (object?)provider.Vision : provider.Images;
        Skip.IfNot(provider.Descriptor.Can(capability), $"'{provider.Descriptor.Name}' does not claim {capability}.");
        Assert.True(service is not null, $"'{provider.Descriptor.Name}' claims {capability} but has no service for it.");
    }

    /// <summary>A vision request as the product sends one: instructions, then one image item per photo, primary first.</summary>
    protected static ChatHistory Photos(int count)
    {
        var history = new ChatHistory("You describe products from their photos.");
        var items = new ChatMessageContentItemCollection { new TextContent($"Describe the product in these {count} photos.") };
        SKColor[] colours = [SKColors.OrangeRed, SKColors.SeaGreen, SKColors.SteelBlue, SKColors.Goldenrod];
        for (var i = 0; i < count; i++)
        {
            items.Add(new ImageContent(ContractImages.ProductPhoto(colours[i % colours.Length]), "image/png"));
        }

        history.AddUserMessage(items);
        return history;
    }

    /// <summary>Generous: a provider that hangs fails the test instead of the run.</summary>
    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex NameRule();
}
