using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Providers.OpenAI.Tests;

public sealed class ImageTests : OpenAITestBase
{
    [Fact]
    public async Task Two_reference_photos_are_sent_as_two_image_parts_and_two_pictures_come_back()
    {
        Fake.Reply = (ctx, _) => Answer.Json(ctx, 200, OpenAIFixtures.Images(2));
        var provider = Provider();

        var images = await AllAsync(provider.Images!.GenerateAsync(
            Pictures(2, new InputImage(OpenAIFixtures.Jpeg, "image/jpeg"), new InputImage(OpenAIFixtures.Png, "image/png", IsPrimary: true)) with { StartIndex = 3 },
            CancellationToken.None));

        var request = Assert.Single(Fake.Requests);
        Assert.Equal("/v1/images/edits", request.Path);
        Assert.Equal("Bearer " + Key, request.Authorization);
        var form = await ReadFormAsync(request);
        var parts = form.Where(p => p.Name == "image[]").ToList();
        Assert.Equal(2, parts.Count);
        Assert.Equal(["image/png", "image/jpeg"], parts.Select(p => p.ContentType));
        Assert.Equal(OpenAIFixtures.Png, parts[0].Body);
        Assert.Equal(OpenAIFixtures.Jpeg, parts[1].Body);
        Assert.Equal("2", Field(form, "n"));
        Assert.Equal("1536x1024", Field(form, "size"));
        Assert.Equal("gpt-image-1", Field(form, "model"));
        Assert.Equal("png", Field(form, "output_format"));
        Assert.Equal("A studio shot of the mug on white.", Field(form, "prompt"));

        Assert.Equal([3, 4], images.Select(i => i.Index));
        Assert.All(images, i =>
        {
            Assert.Equal("image/png", i.MediaType);
            Assert.Equal(OpenAIFixtures.Png, i.Bytes.ToArray());
            Assert.Equal("gpt-image-1", i.Usage.Model);
        });
        Assert.Equal(520, images.Sum(i => i.Usage.InputTokens));
        Assert.Equal(2 * 6240, images.Sum(i => i.Usage.OutputTokens));
    }

    [Fact]
    public async Task Without_references_it_generates_from_JSON_and_splits_counts_above_the_per_call_limit()
    {
        Fake.Reply = async (ctx, _) =>
        {
            var n = Fake.Requests.Last().Text.Contains("\"n\":2", StringComparison.Ordinal) ? 2 : 1;
            await Answer.Json(ctx, 200, OpenAIFixtures.Images(n, "1024x1536"));
        };
        var provider = Provider(("MaxImagesPerCall", "2"));

        var images = await AllAsync(provider.Images!.GenerateAsync(
            Pictures(3) with { AspectRatio = new AspectRatio(9, 16), Resolution = ImageResolution.OneK }, CancellationToken.None));

        Assert.Equal([0, 1, 2], images.Select(i => i.Index));
        var requests = Fake.Requests.ToList();
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal("/v1/images/generations", r.Path));
        var bodies = requests.Select(r => JsonDocument.Parse(r.Text).RootElement).ToList();
        Assert.Equal([2, 1], bodies.Select(b => b.GetProperty("n").GetInt32()));
        Assert.All(bodies, b => Assert.Equal("1024x1536", b.GetProperty("size").GetString()));
        Assert.Equal(2, provider.Descriptor.Limits.MaxImagesPerCall);
    }

    [Theory]
    [InlineData(1, 1, "1024x1024")]
    [InlineData(4, 5, "1024x1536")]
    [InlineData(5, 4, "1536x1024")]
    [InlineData(3, 2, "1536x1024")]
    [InlineData(16, 9, "1536x1024")]
    [InlineData(21, 9, "1536x1024")]
    [InlineData(2, 3, "1024x1536")]
    [InlineData(9, 16, "1024x1536")]
    public void Ratios_map_to_the_nearest_native_size(int width, int height, string size) =>
        Assert.Equal(size, OpenAIImageService.Size(new AspectRatio(width, height)));

    [Fact]
    public async Task A_moderation_block_is_ContentBlocked()
    {
        Fake.Reply = (ctx, _) => Answer.Json(ctx, 400, Answer.Error(
            "Your request was rejected by the safety system.", "image_generation_user_error", "moderation_blocked"));

        var e = await FailsAsync(() => AllAsync(Provider().Images!.GenerateAsync(Pictures(1, new InputImage(OpenAIFixtures.Png, "image/png")), default)));

        Assert.Equal(AiErrorKind.ContentBlocked, e.Kind);
        Assert.Equal("moderation_blocked", e.ProviderCode);
        Assert.Single(Fake.Requests);
    }

    [Fact]
    public async Task A_reply_without_data_is_NoImage()
    {
        Fake.Reply = (ctx, _) => Answer.Json(ctx, 200, """{"created":1760000000,"data":[],"usage":{"input_tokens":50,"output_tokens":0,"total_tokens":50}}""");

        var e = await FailsAsync(() => AllAsync(Provider().Images!.GenerateAsync(Pictures(1), default)));

        Assert.Equal(AiErrorKind.NoImage, e.Kind);
    }

    [Fact]
    public async Task A_truncated_body_is_MalformedResponse()
    {
        Fake.Reply = (ctx, _) => Answer.Json(ctx, 200, OpenAIFixtures.Images(1)[..60]);

        var e = await FailsAsync(() => AllAsync(Provider().Images!.GenerateAsync(Pictures(1), default)));

        Assert.Equal(AiErrorKind.MalformedResponse, e.Kind);
    }

    [Fact]
    public async Task A_bad_request_is_InvalidRequest_and_not_retried()
    {
        Fake.Reply = (ctx, _) => Answer.Json(ctx, 400, Answer.Error(
            "Invalid value: '4096x4096'. Supported values are: '1024x1024', '1024x1536', '1536x1024', and 'auto'.",
            "invalid_request_error", "invalid_value"));

        var e = await FailsAsync(() => AllAsync(Provider().Images!.GenerateAsync(Pictures(1), default)));

        Assert.Equal(AiErrorKind.InvalidRequest, e.Kind);
        Assert.Equal(400, e.HttpStatus);
        Assert.Contains("Supported values", e.Detail);
        Assert.Single(Fake.Requests);
    }

    private static string Field(List<(string Name, string? ContentType, byte[] Body)> form, string name) =>
        Encoding.UTF8.GetString(Assert.Single(form, p => p.Name == name).Body);

    private static async Task<List<(string Name, string? ContentType, byte[] Body)>> ReadFormAsync(SeenOpenAIRequest request)
    {
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value!;
        var reader = new MultipartReader(boundary, new MemoryStream(request.Body));
        var parts = new List<(string, string?, byte[])>();
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            var disposition = ContentDispositionHeaderValue.Parse(section.ContentDisposition);
            using var body = new MemoryStream();
            await section.Body.CopyToAsync(body);
            parts.Add((HeaderUtilities.RemoveQuotes(disposition.Name).Value!, section.ContentType, body.ToArray()));
        }

        return parts;
    }
}
