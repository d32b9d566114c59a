using ProductDescriber.Generation.Requests;
using ProductDescriber.Generation.Tests.Support;
using ProductDescriber.Imaging;
using ProductDescriber.Imaging.Provenance;

namespace ProductDescriber.Generation.Tests.Requests;

/// <summary>
/// A generation end to end with the Offline provider, over real HTTP and WebSocket and a real PostgreSQL: the
/// request returns at once, the subscription reports each state and picture, and the stored files are the size asked
/// for and carry their provenance.
/// </summary>
public sealed class GenerationFlowTests(GenerationHostFixture fixture) : IClassFixture<GenerationHostFixture>
{
    private const string Subscription = "subscription($id: ID!) { generationChanged(requestId: $id) { id status progress { done } errorKind } }";

    [Fact]
    public async Task Three_pictures_at_16_9_and_2K_are_reported_live_and_stored_with_their_size_and_provenance()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.AnalysedProductAsync();

        var payload = await admin.GenerateAsync(new { productId, prompt = "On a marble kitchen counter, morning light.", aspectRatio = "16:9", resolution = "2K", count = 3, seed = "42" });
        Assert.Empty(payload.GetProperty("errors").EnumerateArray());
        var request = payload.GetProperty("request");
        Assert.Equal("PENDING", request.Json("status"));
        Assert.Contains("On a marble kitchen counter, morning light.", request.Json("effectivePrompt"), StringComparison.Ordinal);
        var requestId = request.Json("id")!;

        await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(fixture.Host.WebSocketUrl, admin.Token);
        await socket.SubscribeAsync("g", Subscription, new { id = requestId });
        var states = await socket.ReadUntilCompleteAsync("g", TimeSpan.FromSeconds(120));

        var last = states[^1].GetProperty("data").GetProperty("generationChanged");
        Assert.Equal("SUCCEEDED", last.Json("status"));
        Assert.Equal(3, last.GetProperty("progress").GetProperty("done").GetInt32());
        var counts = states.Select(s => s.GetProperty("data").GetProperty("generationChanged").GetProperty("progress").GetProperty("done").GetInt32()).ToList();
        Assert.Equal(counts.Order(), counts);

        var images = await fixture.Host.ImageRowsAsync(requestId);
        Assert.Equal([0, 1, 2], images.Select(i => i.Index));
        var row = await fixture.Host.RequestRowAsync(requestId);
        Assert.NotNull(row.StartedAt);
        Assert.NotNull(row.CompletedAt);
        foreach (var image in images)
        {
            Assert.Equal((2048, 1152), (image.Width, image.Height));
            Assert.Matches(@"/generated/\d{4}/\d{2}/" + row.Id + "_" + image.Index + @"\.(png|jpg|webp)$", image.StorageKey);
            var bytes = await File.ReadAllBytesAsync(Path.Combine(fixture.StorageRoot, image.StorageKey));
            Assert.Equal(bytes.LongLength, image.SizeBytes);

            var provenance = XmpProvenance.Read(bytes) ?? throw new Xunit.Sdk.XunitException($"No provenance in {image.StorageKey}.");
            Assert.Equal(DigitalSourceTypes.CompositeWithTrainedAlgorithmicMedia, provenance.DigitalSourceType);
            Assert.Equal(requestId, provenance.RequestId);
            Assert.Equal(image.Index, provenance.Index);
            Assert.Equal(1, provenance.SpecificationVersion);
            Assert.Equal(row.PromptSha256, provenance.PromptSha256);
            Assert.Equal(2, provenance.ReferenceImageIds.Count);
            Assert.Equal(("offline", "2K", "16:9", "42"), (provenance.Provider, provenance.Resolution, provenance.AspectRatio, provenance.Seed));
        }
    }

    [Fact]
    public async Task The_pictures_downloaded_by_their_links_have_the_size_the_api_reports_and_carry_their_provenance()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.AnalysedProductAsync();
        var requestId = await admin.StartGenerationAsync(new { productId, prompt = "Hanging from a hook.", aspectRatio = "9:16", count = 2 });
        var request = await admin.FinishedRequestAsync(
            requestId, fields: "status images { index url width height mimeType sizeBytes provenance { digitalSourceType specificationVersion promptSha256 aspectRatio resolution } }");
        Assert.Equal("SUCCEEDED", request.Json("status"));

        using var anonymous = fixture.Host.CreateClient();
        foreach (var image in request.GetProperty("images").EnumerateArray())
        {
            var bytes = await anonymous.GetByteArrayAsync(new Uri(image.Json("url"), UriKind.RelativeOrAbsolute));
            var facts = ImageInspector.Inspect(new MemoryStream(bytes), 50_000_000).Facts ?? throw new Xunit.Sdk.XunitException("Not an image.");
            Assert.Equal((576, 1024), (facts.Width, facts.Height));
            Assert.Equal((image.GetProperty("width").GetInt32(), image.GetProperty("height").GetInt32()), (facts.Width, facts.Height));
            Assert.Equal(image.Json("mimeType"), facts.MimeType);
            Assert.Equal(image.GetProperty("sizeBytes").GetInt64(), bytes.LongLength);

            var stored = XmpProvenance.Read(bytes) ?? throw new Xunit.Sdk.XunitException("No provenance in the downloaded file.");
            var reported = image.GetProperty("provenance");
            Assert.Equal(reported.Json("digitalSourceType"), stored.DigitalSourceType);
            Assert.Equal(reported.Json("promptSha256"), stored.PromptSha256);
            Assert.Equal(reported.GetProperty("specificationVersion").GetInt32(), stored.SpecificationVersion);
            Assert.Equal(("9:16", "1K"), (stored.AspectRatio, stored.Resolution));
            Assert.Equal(image.GetProperty("index").GetInt32(), stored.Index);
        }
    }

    [Fact]
    public async Task A_late_subscriber_gets_the_final_state_at_once_and_the_stream_ends()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.AnalysedProductAsync();
        var requestId = await admin.StartGenerationAsync(new { productId, prompt = "Studio, white backdrop." });
        await Eventually.AssertAsync(async () => Assert.Equal(GenerationStatus.Succeeded, (await fixture.Host.RequestRowAsync(requestId)).Status), TimeSpan.FromSeconds(90));

        await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(fixture.Host.WebSocketUrl, admin.Token);
        await socket.SubscribeAsync("late", Subscription, new { id = requestId });
        var states = await socket.ReadUntilCompleteAsync("late", TimeSpan.FromSeconds(15));

        var only = Assert.Single(states).GetProperty("data").GetProperty("generationChanged");
        Assert.Equal(("SUCCEEDED", 1), (only.Json("status"), only.GetProperty("progress").GetProperty("done").GetInt32()));
    }

    [Fact]
    public async Task The_subscription_needs_a_token_and_an_existing_request()
    {
        await using var anonymous = await GraphQLWsTestClient.ConnectAndInitAsync(fixture.Host.WebSocketUrl, token: null);
        using var admin = await fixture.AdminAsync();
        await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(fixture.Host.WebSocketUrl, admin.Token);

        await anonymous.SubscribeAsync("a", Subscription, new { id = GenerationIds.Request(1) });
        var refused = await anonymous.ReceiveAsync();
        Assert.Equal("error", refused.Json("type"));
        Assert.Contains("UNAUTHENTICATED", refused.GetRawText(), StringComparison.Ordinal);

        await socket.SubscribeAsync("u", Subscription, new { id = GenerationIds.Request(999_999) });
        var missing = await socket.ReceiveAsync();
        Assert.Contains("NOT_FOUND", missing.ToString(), StringComparison.Ordinal);
    }
}
