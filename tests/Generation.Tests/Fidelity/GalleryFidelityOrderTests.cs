using System.Text.Json;
using ProductDescriber.Generation.Fidelity;
using ProductDescriber.Generation.Tests.Support;

namespace ProductDescriber.Generation.Tests.Fidelity;

/// <summary>Product.gallery ordered by fidelity score and filtered by flag, paged both ways, from rows as the job writes them.</summary>
public sealed class GalleryFidelityOrderTests(GenerationHostFixture fixture) : IClassFixture<GenerationHostFixture>
{
    private static readonly DateTimeOffset Start = new(2090, 11, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Scores by index (null: not measured); flagged below 60, i.e. delta E above 10.</summary>
    private static readonly double?[] Scores = [80, null, 40, 95, 55, 80];

    [Fact]
    public async Task By_score_highest_or_lowest_first_unmeasured_last_paged_both_ways_and_filtered_by_flag()
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.SeededProductAsync(photos: 1);
        var seeded = await fixture.Host.RequestAsync(new SeedRequest
        {
            ProductId = product.Key,
            SpecificationId = product.SpecificationKey,
            Count = Scores.Length,
            CreatedAt = Start,
            Fidelity = index => Scores[index] is { } score ? Measured(score) : ImageFidelity.NotMeasured("No product region large enough to measure was found."),
        });
        string Of(int index) => seeded.Images[index].GlobalId;

        // Ties (two 80s) are broken by id in the ordering's direction.
        string[] highest = [Of(3), Of(5), Of(0), Of(4), Of(2), Of(1)];
        string[] lowest = [Of(2), Of(4), Of(0), Of(5), Of(3), Of(1)];

        var first = await GalleryAsync(admin, product.Id, "first: 4, orderBy: SCORE_DESC");
        var rest = await GalleryAsync(admin, product.Id, $"first: 4, orderBy: SCORE_DESC, after: \"{first.Json("pageInfo", "endCursor")}\"");
        var last = await GalleryAsync(admin, product.Id, "last: 4, orderBy: SCORE_DESC");
        var beforeLast = await GalleryAsync(admin, product.Id, $"last: 4, orderBy: SCORE_DESC, before: \"{last.Json("pageInfo", "startCursor")}\"");
        var ascending = await GalleryAsync(admin, product.Id, "first: 3, orderBy: SCORE_ASC");
        var ascendingRest = await GalleryAsync(admin, product.Id, $"first: 3, orderBy: SCORE_ASC, after: \"{ascending.Json("pageInfo", "endCursor")}\"");
        var flagged = await GalleryAsync(admin, product.Id, "orderBy: SCORE_DESC, flagged: true");
        var faithful = await GalleryAsync(admin, product.Id, "orderBy: SCORE_ASC, flagged: false");

        Assert.Equal(highest[..4], Ids(first));
        Assert.Equal(("true", "false", "6"), (first.Json("pageInfo", "hasNextPage"), first.Json("pageInfo", "hasPreviousPage"), first.Json("totalCount")));
        Assert.Equal(highest[4..], Ids(rest));
        Assert.Equal("false", rest.Json("pageInfo", "hasNextPage"));
        Assert.Equal(highest[2..], Ids(last));
        Assert.Equal("true", last.Json("pageInfo", "hasPreviousPage"));
        Assert.Equal(highest[..2], Ids(beforeLast));
        Assert.Equal(lowest[..3], Ids(ascending));
        Assert.Equal(lowest[3..], Ids(ascendingRest));
        Assert.Equal([Of(4), Of(2)], Ids(flagged));
        Assert.Equal("2", flagged.Json("totalCount"));
        Assert.Equal([Of(0), Of(5), Of(3)], Ids(faithful));
        Assert.Equal([80.0, 80.0, 95.0], faithful.Nodes().Select(n => n.GetProperty("fidelity").GetProperty("score").GetDouble()));

        var unmeasured = rest.Nodes()[^1].GetProperty("fidelity");
        Assert.Equal(Of(1), rest.Nodes()[^1].Json("id"));
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null, JsonValueKind.Null), (unmeasured.GetProperty("score").ValueKind, unmeasured.GetProperty("deltaE").ValueKind, unmeasured.GetProperty("flagged").ValueKind));
        Assert.Equal("No product region large enough to measure was found.", unmeasured.Json("reason"));
    }

    private static ImageFidelity Measured(double score)
    {
        var deltaE = (100 - score) / 4;
        return new ImageFidelity(score, deltaE, deltaE > 10, [new FidelityColour("primary", "#DDDFE5", "#D7D6DF", deltaE)], 0.05, 1.1, null);
    }

    private static async Task<JsonElement> GalleryAsync(GraphQLClient client, string productId, string arguments) =>
        (await client.QueryAsync(
            $"query($id: ID!) {{ product(id: $id) {{ gallery({arguments}) {{ nodes {{ id fidelity {{ score deltaE flagged reason colours {{ role target measured deltaE }} }} }} pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} totalCount }} }} }}",
            new { id = productId })).GetProperty("product").GetProperty("gallery");

    private static string[] Ids(JsonElement connection) => [.. connection.Nodes().Select(n => n.Json("id"))];
}
