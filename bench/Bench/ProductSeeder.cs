using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using SkiaSharp;

namespace ProductDescriber.Bench;

/// <summary>
/// Seeds the <c>products</c> scenario through the public API, as a user would: create a product, upload a photo,
/// run an analysis with the Offline provider and wait for it, so each product has a primary photo and an active
/// specification. Products left by an earlier run (<c>--database-url</c>) are completed, not duplicated.
/// </summary>
internal sealed class ProductSeeder(BenchClient client)
{
    private const string OfflineProvider = "offline";
    private static readonly TimeSpan AnalysisTimeout = TimeSpan.FromMinutes(5);

    public async Task<string> SeedAsync(int count, CancellationToken cancellationToken)
    {
        var (created, uploaded) = (0, 0);
        var runs = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var slug = "bench-product-" + i.ToString("D3", CultureInfo.InvariantCulture);
            var found = (await client.GraphQLAsync(
                "query($slug: String!) { product(slug: $slug) { id primaryImage { id } activeSpecification { id } } }",
                new JsonObject { ["slug"] = slug }))["product"];
            var productId = found?["id"]?.GetValue<string>() ?? await CreateAsync(i, slug);
            created += found is null ? 1 : 0;
            if (found?["primaryImage"] is not JsonObject)
            {
                await UploadAsync(productId, i);
                uploaded++;
            }

            if (found?["activeSpecification"] is not JsonObject)
            {
                runs.Add(await AnalyzeAsync(productId));
            }
        }

        var started = Stopwatch.GetTimestamp();
        foreach (var run in runs)
        {
            await WaitAsync(run, cancellationToken);
        }

        return Invariant($"{count} products: {created} created, {uploaded} photos uploaded, {runs.Count} analyses run (all done {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s after the last start)");
    }

    private async Task<string> CreateAsync(int number, string slug)
    {
        var data = await client.GraphQLAsync(
            "mutation($i: CreateProductInput!) { createProduct(input: $i) { product { id } errors { message } } }",
            new JsonObject
            {
                ["i"] = new JsonObject
                {
                    ["name"] = Invariant($"Bench product {number:D3}"),
                    ["slug"] = slug,
                    ["category"] = "bench",
                    ["tags"] = new JsonArray("bench", "generated"),
                    ["description"] = "A generated product for the products scenario of bench/Bench.",
                },
            });
        return Payload(data["createProduct"], "createProduct")["product"]!["id"]!.GetValue<string>();
    }

    private async Task UploadAsync(string productId, int number)
    {
        var data = await client.GraphQLUploadAsync(
            "mutation($i: UploadReferenceImagesInput!) { uploadReferenceImages(input: $i) { referenceImages { id } errors { message } } }",
            new JsonObject { ["i"] = new JsonObject { ["productId"] = productId, ["files"] = new JsonArray((JsonNode?)null) } },
            "variables.i.files.0",
            Invariant($"bench-{number:D3}.png"),
            Photo(number),
            "image/png");
        Payload(data["uploadReferenceImages"], "uploadReferenceImages");
    }

    private async Task<string> AnalyzeAsync(string productId)
    {
        var data = await client.GraphQLAsync(
            "mutation($i: AnalyzeProductInput!) { analyzeProduct(input: $i) { run { id } errors { message } } }",
            new JsonObject { ["i"] = new JsonObject { ["productId"] = productId, ["provider"] = OfflineProvider } });
        return Payload(data["analyzeProduct"], "analyzeProduct")["run"]!["id"]!.GetValue<string>();
    }

    /// <summary>Polls the run through <c>node(id:)</c> until it finished; a failed or stuck run stops the bench.</summary>
    private async Task WaitAsync(string runId, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + AnalysisTimeout;
        while (true)
        {
            var run = (await client.GraphQLAsync(
                "query($id: ID!) { node(id: $id) { ... on AnalysisRun { status errorKind errorMessage } } }",
                new JsonObject { ["id"] = runId }))["node"];
            var status = run?["status"]?.GetValue<string>();
            if (status == "SUCCEEDED")
            {
                return;
            }

            if (status == "FAILED" || DateTimeOffset.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Analysis run {runId} did not succeed within {AnalysisTimeout}: {run?.ToJsonString()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    private static JsonNode Payload(JsonNode? payload, string field) =>
        payload?["errors"] is JsonArray { Count: 0 }
            ? payload
            : throw new InvalidOperationException($"{field} failed: {payload?.ToJsonString()}");

    /// <summary>
    /// A small real PNG: a coloured box with a darker band on a white background, different per product, so the
    /// Offline provider measures a shape and colours and the specifications differ.
    /// </summary>
    private static byte[] Photo(int number)
    {
        using var bitmap = new SKBitmap(320, 240);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            var hue = number * 47 % 360;
            using var body = new SKPaint { Color = SKColor.FromHsv(hue, 70, 85) };
            using var band = new SKPaint { Color = SKColor.FromHsv((hue + 180) % 360, 80, 50) };
            var width = 120 + (number * 13 % 100);
            canvas.DrawRect(SKRect.Create(160 - (width / 2), 50, width, 140), body);
            canvas.DrawRect(SKRect.Create(160 - (width / 2), 150, width, 20), band);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
