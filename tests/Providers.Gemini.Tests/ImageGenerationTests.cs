using ProductDescriber.Providers.Abstractions;
using ProductDescriber.Providers.Gemini.Tests.Support;

namespace ProductDescriber.Providers.Gemini.Tests;

public sealed class ImageGenerationTests
{
    internal static ImageGenerationRequest Request(int count = 1, int startIndex = 0, string? model = null) => new(
        "The product on a white table",
        [new InputImage(Convert.FromBase64String(GeminiFixtures.BluePng), "image/png", IsPrimary: true)],
        new AspectRatio(16, 9),
        ImageResolution.TwoK,
        count,
        startIndex,
        Model: model);

    internal static Task<List<GeneratedImage>> CollectAsync(IAiProvider provider, ImageGenerationRequest request) =>
        CollectWithAsync(provider, request, CancellationToken.None);

    internal static async Task<List<GeneratedImage>> CollectWithAsync(
        IAiProvider provider, ImageGenerationRequest request, CancellationToken cancellationToken)
    {
        var images = new List<GeneratedImage>();
        await foreach (var image in provider.Images!.GenerateAsync(request, cancellationToken))
        {
            images.Add(image);
        }

        return images;
    }

    [Fact]
    public async Task Two_images_are_two_calls_with_modalities_and_image_config_and_thought_images_are_skipped()
    {
        await using var gemini = await GeminiHarness.StartAsync();
        gemini.Fake.Respond = (context, _) => FakeGemini.Reply(context, 200, GeminiFixtures.ImageSuccess);

        var images = await CollectAsync(gemini.Provider, Request(count: 2, startIndex: 3));

        Assert.Equal(2, gemini.Fake.Requests.Count);
        foreach (var request in gemini.Fake.Requests)
        {
            Assert.Equal("/v1beta/models/gemini-3-pro-image:generateContent", request.Path);
            Assert.Equal(GeminiFixtures.ApiKey, request.ApiKey);
            var config = request.Body.GetProperty("generationConfig");
            Assert.Equal(["TEXT", "IMAGE"], config.GetProperty("responseModalities").EnumerateArray().Select(m => m.GetString()));
            Assert.Equal("16:9", config.GetProperty("imageConfig").GetProperty("aspectRatio").GetString());
            Assert.Equal("2K", config.GetProperty("imageConfig").GetProperty("imageSize").GetString());
            var parts = request.Body.GetProperty("contents")[0].GetProperty("parts");
            Assert.Equal("The product on a white table", parts[0].GetProperty("text").GetString());
            Assert.Equal(GeminiFixtures.BluePng, parts[1].GetProperty("inline_data").GetProperty("data").GetString());
        }

        Assert.Equal([3, 4], images.Select(i => i.Index));
        var red = Convert.FromBase64String(GeminiFixtures.RedPng);
        Assert.All(images, image =>
        {
            Assert.Equal(red, image.Bytes.ToArray());
            Assert.Equal("image/png", image.MediaType);
            Assert.Equal("Here is the product on a white table.", image.ModelText);
            Assert.Equal(1120, image.Usage.OutputTokens);
            Assert.Equal("gemini-3-pro-image", image.Usage.Model);
        });
    }

    [Fact]
    public async Task The_retired_preview_image_model_id_is_sent_as_the_current_id()
    {
        await using var gemini = await GeminiHarness.StartAsync(new() { ["Providers:Gemini:ImageModel"] = "gemini-3-pro-image-preview" });
        gemini.Fake.Respond = (context, _) => FakeGemini.Reply(context, 200, GeminiFixtures.ImageSuccess);

        await CollectAsync(gemini.Provider, Request());

        Assert.Equal("gemini-3-pro-image", gemini.Provider.Descriptor.ImageModel);
        Assert.Equal("/v1beta/models/gemini-3-pro-image:generateContent", Assert.Single(gemini.Fake.Requests).Path);
    }

    [Fact]
    public async Task A_model_named_per_request_with_the_models_prefix_is_used_without_doubling_it()
    {
        await using var gemini = await GeminiHarness.StartAsync();
        gemini.Fake.Respond = (context, _) => FakeGemini.Reply(context, 200, GeminiFixtures.ImageSuccess);

        await CollectAsync(gemini.Provider, Request(model: "models/gemini-3.1-flash-image-preview"));

        Assert.Equal("/v1beta/models/gemini-3.1-flash-image:generateContent", Assert.Single(gemini.Fake.Requests).Path);
    }

    [Fact]
    public async Task An_image_blocked_for_image_safety_is_ContentBlocked()
    {
        await using var gemini = await GeminiHarness.StartAsync();
        gemini.Fake.Respond = (context, _) => FakeGemini.Reply(context, 200, GeminiFixtures.ImageSafety);

        var error = await Assert.ThrowsAsync<AiProviderException>(() => CollectAsync(gemini.Provider, Request()));

        Assert.Equal(AiErrorKind.ContentBlocked, error.Kind);
        Assert.Equal("IMAGE_SAFETY", error.ProviderCode);
        Assert.Single(gemini.Fake.Requests);
    }

    [Fact]
    public async Task A_text_only_reply_to_an_image_request_is_NoImage()
    {
        await using var gemini = await GeminiHarness.StartAsync();
        gemini.Fake.Respond = (context, _) => FakeGemini.Reply(context, 200, GeminiFixtures.TextOnly);

        var error = await Assert.ThrowsAsync<AiProviderException>(() => CollectAsync(gemini.Provider, Request()));

        Assert.Equal(AiErrorKind.NoImage, error.Kind);
        Assert.Equal("gemini", error.Provider);
    }

    [Fact]
    public async Task Images_already_made_are_kept_when_a_later_call_fails()
    {
        await using var gemini = await GeminiHarness.StartAsync();
        gemini.Fake.Respond = (context, number) => number == 1
            ? FakeGemini.Reply(context, 200, GeminiFixtures.ImageSuccess)
            : FakeGemini.Reply(context, 200, GeminiFixtures.ImageSafety);
        var images = new List<GeneratedImage>();

        await Assert.ThrowsAsync<AiProviderException>(async () =>
        {
            await foreach (var image in gemini.Provider.Images!.GenerateAsync(Request(count: 2), CancellationToken.None))
            {
                images.Add(image);
            }
        });

        Assert.Equal(0, Assert.Single(images).Index);
    }
}
