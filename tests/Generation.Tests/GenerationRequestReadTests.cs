using System.Security.Cryptography;
using System.Text;
using ProductDescriber.Generation.Requests;
using ProductDescriber.Generation.Tests.Support;

namespace ProductDescriber.Generation.Tests;

/// <summary>generationRequest(id:), node(id:) and every field of a request, read from rows the job would write.</summary>
public sealed class GenerationRequestReadTests(GenerationHostFixture fixture) : IClassFixture<GenerationHostFixture>
{
    private const string RequestFields = """
        id status prompt customPromptOverride effectivePrompt uncertainFields aspectRatio resolution count seed provider model
        specification { id version } specificationVersion referenceImages { id } progress { done requested }
        images { id index width height mimeType sizeBytes modelText request { id } product { id } }
        failures { index kind message } errorKind errorMessage attempts inputTokens outputTokens durationMs
        regeneratedFrom { id } requestedBy { id username } product { id } createdAt startedAt completedAt isFinished
        """;

    [Fact]
    public async Task A_request_shows_every_field_with_its_images_failures_and_what_it_refers_to()
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.SeededProductAsync();
        var adminId = (await admin.QueryAsync("{ me { id } }")).GetProperty("me").Json("id");
        var earlier = await fixture.Host.RequestAsync(new SeedRequest { ProductId = product.Key, SpecificationId = product.SpecificationKey, Count = 1 });
        var createdAt = new DateTimeOffset(2026, 11, 3, 10, 0, 0, TimeSpan.Zero);
        var seeded = await fixture.Host.RequestAsync(new SeedRequest
        {
            ProductId = product.Key,
            SpecificationId = product.SpecificationKey,
            Count = 3,
            Stored = [0, 2],
            Status = GenerationStatus.Partial,
            Failures = [new ImageFailure(1, "SAFETY_BLOCK", "The provider refused this one.")],
            ReferenceImageIds = [GallerySeed.Key(product.PhotoIds[1], "ReferenceImage"), GallerySeed.Key(product.PhotoIds[0], "ReferenceImage")],
            RequestedById = GallerySeed.Key(adminId, "User"),
            RegeneratedFromId = earlier.Id,
            Seed = "42",
            CreatedAt = createdAt,
        });

        var request = (await admin.QueryAsync($"query($id: ID!) {{ generationRequest(id: $id) {{ {RequestFields} }} }}", new { id = seeded.GlobalId })).GetProperty("generationRequest");

        Assert.Equal(seeded.GlobalId, request.Json("id"));
        Assert.Equal("PARTIAL", request.Json("status"));
        Assert.Equal("on a marble table", request.Json("prompt"));
        Assert.Equal("null", request.Json("customPromptOverride"));
        Assert.StartsWith("Product on a marble table", request.Json("effectivePrompt"), StringComparison.Ordinal);
        Assert.Equal(["dimensions.primary.depth"], request.GetProperty("uncertainFields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(("16:9", "2K", "3", "42"), (request.Json("aspectRatio"), request.Json("resolution"), request.Json("count"), request.Json("seed")));
        Assert.Equal(("offline", "offline-request-model"), (request.Json("provider"), request.Json("model")));
        Assert.Equal((product.SpecificationId, "1"), (request.Json("specification", "id"), request.Json("specification", "version")));
        Assert.Equal("1", request.Json("specificationVersion"));
        Assert.Equal([product.PhotoIds[1], product.PhotoIds[0]], request.GetProperty("referenceImages").EnumerateArray().Select(i => i.Json("id")));
        Assert.Equal(("2", "3"), (request.Json("progress", "done"), request.Json("progress", "requested")));

        var images = request.GetProperty("images").EnumerateArray().ToArray();
        Assert.Equal(seeded.Images.Select(i => i.GlobalId), images.Select(i => i.Json("id")));
        Assert.Equal(["0", "2"], images.Select(i => i.Json("index")));
        Assert.Equal(seeded.Images.Select(i => i.Width.ToString(System.Globalization.CultureInfo.InvariantCulture)), images.Select(i => i.Json("width")));
        Assert.Equal(seeded.Images.Select(i => i.Height.ToString(System.Globalization.CultureInfo.InvariantCulture)), images.Select(i => i.Json("height")));
        Assert.All(images, i => Assert.Equal("image/png", i.Json("mimeType")));
        Assert.Equal(seeded.Images.Select(i => i.Bytes.LongLength), images.Select(i => i.GetProperty("sizeBytes").GetInt64()));
        Assert.Equal(["Here is your product.", "null"], images.Select(i => i.Json("modelText")));
        Assert.All(images, i => Assert.Equal((seeded.GlobalId, product.Id), (i.Json("request", "id"), i.Json("product", "id"))));

        var failure = Assert.Single(request.GetProperty("failures").EnumerateArray());
        Assert.Equal(("1", "SAFETY_BLOCK", "The provider refused this one."), (failure.Json("index"), failure.Json("kind"), failure.Json("message")));
        Assert.Equal(("null", "null"), (request.Json("errorKind"), request.Json("errorMessage")));
        Assert.Equal(("4", "1200", "800", "4321"), (request.Json("attempts"), request.Json("inputTokens"), request.Json("outputTokens"), request.Json("durationMs")));
        Assert.Equal(earlier.GlobalId, request.Json("regeneratedFrom", "id"));
        Assert.Equal((adminId, "admin"), (request.Json("requestedBy", "id"), request.Json("requestedBy", "username")));
        Assert.Equal(product.Id, request.Json("product", "id"));
        Assert.Equal(createdAt, DateTimeOffset.Parse(request.Json("createdAt"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(createdAt.AddSeconds(1), DateTimeOffset.Parse(request.Json("startedAt"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(createdAt.AddSeconds(5), DateTimeOffset.Parse(request.Json("completedAt"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("true", request.Json("isFinished"));
    }

    [Fact]
    public async Task An_unfinished_request_without_references_reads_as_such()
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.SeededProductAsync(photos: 1);
        // Created "in the future" so the recovery sweep (which schedules unfinished requests past its grace) leaves it be.
        var seeded = await fixture.Host.RequestAsync(new SeedRequest { ProductId = product.Key, SpecificationId = product.SpecificationKey, Count = 4, Stored = [], Status = GenerationStatus.Pending, CreatedAt = DateTimeOffset.UtcNow.AddYears(50) });

        var request = (await admin.QueryAsync($"query($id: ID!) {{ generationRequest(id: $id) {{ {RequestFields} }} }}", new { id = seeded.GlobalId })).GetProperty("generationRequest");

        Assert.Equal("PENDING", request.Json("status"));
        Assert.Equal(("0", "4"), (request.Json("progress", "done"), request.Json("progress", "requested")));
        Assert.Equal(0, request.GetProperty("images").GetArrayLength());
        Assert.Equal(0, request.GetProperty("referenceImages").GetArrayLength());
        Assert.Equal(("null", "null", "null", "null"), (request.Json("regeneratedFrom"), request.Json("requestedBy"), request.Json("startedAt"), request.Json("completedAt")));
        Assert.Equal("false", request.Json("isFinished"));
    }

    [Fact]
    public async Task Reference_images_are_those_that_still_exist_in_the_order_sent_while_provenance_keeps_every_id()
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.SeededProductAsync(photos: 3);
        var sent = new[] { product.PhotoIds[2], product.PhotoIds[0], product.PhotoIds[1] };
        var seeded = await fixture.Host.RequestAsync(new SeedRequest
        {
            ProductId = product.Key,
            SpecificationId = product.SpecificationKey,
            Count = 1,
            ReferenceImageIds = [.. sent.Select(id => GallerySeed.Key(id, "ReferenceImage"))],
        });
        var deleted = await admin.MutateAsync("deleteReferenceImage", "DeleteReferenceImageInput", new { productId = product.Id, referenceImageId = product.PhotoIds[0] }, "deletedReferenceImageId");
        Assert.Empty(deleted.Errors());

        var request = (await admin.QueryAsync(
            "query($id: ID!) { generationRequest(id: $id) { referenceImages { id } images { provenance { referenceImageIds } } } }",
            new { id = seeded.GlobalId })).GetProperty("generationRequest");

        Assert.Equal([sent[0], sent[2]], request.GetProperty("referenceImages").EnumerateArray().Select(i => i.Json("id")));
        Assert.Equal(sent, request.GetProperty("images")[0].GetProperty("provenance").GetProperty("referenceImageIds").EnumerateArray().Select(i => i.GetString()));
    }

    [Fact]
    public async Task Provenance_comes_from_the_image_and_its_request_and_the_model_falls_back_to_the_requests()
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.SeededProductAsync(photos: 1);
        var withModel = await fixture.Host.RequestAsync(new SeedRequest { ProductId = product.Key, SpecificationId = product.SpecificationKey, Count = 1, Seed = "7", ReferenceImageIds = [GallerySeed.Key(product.PhotoIds[0], "ReferenceImage")] });
        var withoutModel = await fixture.Host.RequestAsync(new SeedRequest { ProductId = product.Key, SpecificationId = product.SpecificationKey, Count = 1, ImageModel = null });
        const string Query = """
            query($id: ID!) { node(id: $id) { ... on GeneratedImage { provenance {
              specification { id version } specificationId specificationVersion referenceImageIds provider model resolution aspectRatio seed promptSha256 digitalSourceType } } } }
            """;

        var provenance = (await admin.QueryAsync(Query, new { id = withModel.Images[0].GlobalId })).GetProperty("node").GetProperty("provenance");
        var fallback = (await admin.QueryAsync(Query, new { id = withoutModel.Images[0].GlobalId })).GetProperty("node").GetProperty("provenance");
        var effectivePrompt = (await admin.QueryAsync("query($id: ID!) { generationRequest(id: $id) { effectivePrompt } }", new { id = withModel.GlobalId })).GetProperty("generationRequest").Json("effectivePrompt");

        Assert.Equal((product.SpecificationId, "1"), (provenance.Json("specification", "id"), provenance.Json("specification", "version")));
        Assert.Equal((product.SpecificationId, "1"), (provenance.Json("specificationId"), provenance.Json("specificationVersion")));
        Assert.Equal([product.PhotoIds[0]], provenance.GetProperty("referenceImageIds").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal(("offline", "offline-compositor-1", "2K", "16:9", "7"), (provenance.Json("provider"), provenance.Json("model"), provenance.Json("resolution"), provenance.Json("aspectRatio"), provenance.Json("seed")));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(effectivePrompt))), provenance.Json("promptSha256"));
        Assert.Equal("http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia", provenance.Json("digitalSourceType"));
        Assert.Equal("offline-request-model", fallback.Json("model"));
        Assert.Equal("null", fallback.Json("seed"));
    }

    [Fact]
    public async Task Node_resolves_requests_and_images_and_unknown_or_malformed_ids_are_null()
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.SeededProductAsync(photos: 1);
        var seeded = await fixture.Host.RequestAsync(new SeedRequest { ProductId = product.Key, SpecificationId = product.SpecificationKey, Count = 1 });
        const string NodeQuery = "query($id: ID!) { node(id: $id) { __typename id ... on GenerationRequest { status } ... on GeneratedImage { index request { id } } } }";

        var request = (await admin.QueryAsync(NodeQuery, new { id = seeded.GlobalId })).GetProperty("node");
        var image = (await admin.QueryAsync(NodeQuery, new { id = seeded.Images[0].GlobalId })).GetProperty("node");

        Assert.Equal(("GenerationRequest", seeded.GlobalId, "SUCCEEDED"), (request.Json("__typename"), request.Json("id"), request.Json("status")));
        Assert.Equal(("GeneratedImage", seeded.Images[0].GlobalId, "0", seeded.GlobalId), (image.Json("__typename"), image.Json("id"), image.Json("index"), image.Json("request", "id")));

        string[] unknown = [BuildingBlocks.GraphQL.Relay.GlobalId.Encode("GenerationRequest", 987654321), BuildingBlocks.GraphQL.Relay.GlobalId.Encode("GeneratedImage", 987654321), "not-an-id", product.Id, BuildingBlocks.GraphQL.Relay.GlobalId.Encode("GenerationRequest", "07")];
        foreach (var id in unknown)
        {
            var data = await admin.QueryAsync("query($id: ID!) { generationRequest(id: $id) { id } node(id: $id) { ... on GeneratedImage { id } ... on GenerationRequest { id } } }", new { id });
            Assert.Equal("null", data.Json("generationRequest"));
            if (id != product.Id)
            {
                Assert.Equal("null", data.Json("node"));
            }
        }
    }

    [Fact]
    public async Task Reads_need_a_token_and_any_member_of_the_team_may_read_them()
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.SeededProductAsync(photos: 1);
        var seeded = await fixture.Host.RequestAsync(new SeedRequest { ProductId = product.Key, SpecificationId = product.SpecificationKey, Count = 1 });
        var member = await fixture.Host.CreateUserAsync();
        using var memberClient = fixture.Host.CreateGraphQLClient(member.Token);
        using var anonymous = fixture.Host.CreateGraphQLClient();
        const string Query = "query($id: ID!) { generationRequest(id: $id) { id images { url } } }";

        var read = await memberClient.QueryAsync(Query, new { id = seeded.GlobalId });
        var refused = await anonymous.PostAsync(Query, new { id = seeded.GlobalId });

        Assert.Equal(seeded.GlobalId, read.GetProperty("generationRequest").Json("id"));
        Assert.Contains("UNAUTHENTICATED", refused.ErrorCodes);
    }

    [Fact]
    public async Task Deleting_the_product_deletes_its_requests_and_images()
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.SeededProductAsync(photos: 1);
        var seeded = await fixture.Host.RequestAsync(new SeedRequest { ProductId = product.Key, SpecificationId = product.SpecificationKey, Count = 2 });

        var deleted = await admin.MutateAsync("deleteProduct", "DeleteProductInput", new { productId = product.Id }, "deletedProductId");
        var data = await admin.QueryAsync(
            "query($r: ID!, $i: ID!) { generationRequest(id: $r) { id } node(id: $i) { id } }", new { r = seeded.GlobalId, i = seeded.Images[0].GlobalId });

        Assert.Empty(deleted.Errors());
        Assert.Equal(("null", "null"), (data.Json("generationRequest"), data.Json("node")));
        Assert.Equal((0, 0), await fixture.Host.RowsOfProductAsync(product.Key));
    }
}
