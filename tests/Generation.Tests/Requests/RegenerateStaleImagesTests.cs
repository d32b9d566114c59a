using ProductDescriber.Generation.Tests.Support;

namespace ProductDescriber.Generation.Tests.Requests;

/// <summary>
/// A picture made from an older specification version than the active one is stale; <c>regenerateStaleImages</c>
/// makes it again, once, against the active version with the same settings.
/// </summary>
public sealed class RegenerateStaleImagesTests(GenerationHostFixture fixture) : IClassFixture<GenerationHostFixture>
{
    private const string Fields = "id status specificationVersion aspectRatio resolution count seed prompt regeneratedFrom { id } images { isStale }";

    [Fact]
    public async Task A_new_specification_version_makes_pictures_stale_and_they_are_regenerated_once_with_the_same_settings()
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.SeededProductAsync(photos: 1);
        var first = await admin.StartGenerationAsync(new { productId = product.Id, prompt = "Beside a window.", aspectRatio = "4:5", resolution = "1K", count = 2, seed = "7" });
        Assert.Equal("SUCCEEDED", (await admin.FinishedRequestAsync(first)).Json("status"));
        Assert.Equal(0, await StaleCountAsync(admin, product.Id));

        await admin.NewVersionAsync(product.SpecificationId);

        Assert.Equal(2, await StaleCountAsync(admin, product.Id));
        var old = await admin.RequestAsync(first, Fields);
        Assert.All(old.GetProperty("images").EnumerateArray(), i => Assert.True(i.GetProperty("isStale").GetBoolean()));

        var payload = (await admin.QueryAsync(
            "mutation($i: RegenerateStaleImagesInput!) { regenerateStaleImages(input: $i) { requests { " + Fields + " } errors { code message } } }",
            new { i = new { productId = product.Id } })).GetProperty("regenerateStaleImages");
        Assert.Empty(payload.GetProperty("errors").EnumerateArray());
        var redone = Assert.Single(payload.GetProperty("requests").EnumerateArray());
        Assert.Equal(first, redone.GetProperty("regeneratedFrom").Json("id"));
        Assert.Equal(2, redone.GetProperty("specificationVersion").GetInt32());
        Assert.Equal(("4:5", "1K", 2, "7", "Beside a window."), (redone.Json("aspectRatio"), redone.Json("resolution"), redone.GetProperty("count").GetInt32(), redone.Json("seed"), redone.Json("prompt")));

        var finished = await admin.FinishedRequestAsync(redone.Json("id"), fields: Fields);
        Assert.Equal("SUCCEEDED", finished.Json("status"));
        Assert.All(finished.GetProperty("images").EnumerateArray(), i => Assert.False(i.GetProperty("isStale").GetBoolean()));

        var again = (await admin.QueryAsync(
            "mutation($i: RegenerateStaleImagesInput!) { regenerateStaleImages(input: $i) { requests { id } errors { code } } }",
            new { i = new { productId = product.Id } })).GetProperty("regenerateStaleImages");
        Assert.Empty(again.GetProperty("requests").EnumerateArray());
        Assert.Empty(again.GetProperty("errors").EnumerateArray());
    }

    private static async Task<int> StaleCountAsync(GraphQLClient client, string productId) =>
        (await client.QueryAsync("query($id: ID!) { node(id: $id) { ... on Product { staleImageCount } } }", new { id = productId }))
            .GetProperty("node").GetProperty("staleImageCount").GetInt32();
}
