using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.Jobs;
using ProductDescriber.Generation.Descriptions;
using ProductDescriber.Generation.Tests.Support;

namespace ProductDescriber.Generation.Tests.Descriptions;

/// <summary>
/// Pictures described back into the template by a vision provider (a fake OpenAI) and compared with their
/// specification: per request (describeImages) and per image (describeGeneratedImage), with a cost row per call,
/// failures kept on the description and never on the picture, and no second call for a finished description.
/// </summary>
public sealed class DescribeImagesTests(DescribingHost host) : IClassFixture<DescribingHost>
{
    private const string ChangedColour = "#12AB34";

    [Fact]
    public async Task A_request_with_describeImages_gets_a_description_per_picture_whose_changes_are_exactly_the_colour_the_model_saw_differently()
    {
        using var admin = await host.AdminAsync();
        host.AnswerWith($"```yaml\n{host.SpecificationWithPrimaryColour(ChangedColour)}```");
        host.Vision.Requests.Clear();

        var requestId = await admin.StartGenerationAsync(new { productId = host.Product.Id, prompt = "On a shelf.", provider = "offline", count = 2, describeImages = true, describeProvider = "openai" });
        var images = await admin.DescribedImagesAsync(requestId, 2);

        var request = await admin.RequestAsync(requestId, "status describeImages describeProvider");
        Assert.Equal(("SUCCEEDED", "true", "openai"), (request.Json("status"), request.Json("describeImages"), request.Json("describeProvider")));
        foreach (var image in images)
        {
            var description = image.GetProperty("description");
            Assert.Equal(("DONE", "1", "openai", "gpt-5.1", "1"), (description.Json("status"), description.Json("attempt"), description.Json("provider"), description.Json("model"), description.Json("specificationVersion")));
            var change = Assert.Single(description.GetProperty("changes").EnumerateArray());
            Assert.Equal(("colors.primary.hex", "CHANGED"), (change.Json("path"), change.Json("kind")));
            Assert.Contains(host.PrimaryColour(), change.Json("before"), StringComparison.OrdinalIgnoreCase);
            Assert.Contains(ChangedColour, change.Json("after"), StringComparison.OrdinalIgnoreCase);
            Assert.Contains(ChangedColour, description.Json("yaml"), StringComparison.OrdinalIgnoreCase);
            Assert.Equal(("812", "45", "null"), (description.Json("inputTokens"), description.Json("outputTokens"), description.Json("errorKind")));
        }

        // One call per picture, each carrying that picture alone and the template, told it is a generated image.
        Assert.Equal(2, host.Vision.Requests.Count);
        Assert.All(host.Vision.Requests, r => Assert.Contains("generated image of the product", r.Text, StringComparison.Ordinal));
        Assert.All(host.Vision.Requests, r => Assert.Equal(1, CountOf(r.Text, "\"type\":\"image_url\"")));

        // A cost row per description, named by picture and attempt, beside the pictures' own rows.
        var key = GallerySeed.Key(requestId, "GenerationRequest").ToString(CultureInfo.InvariantCulture);
        var rows = await host.LedgerRowsAsync(requestId);
        Assert.Equal(
            [($"generation:{key}:image:0", "IMAGE"), ($"generation:{key}:image:0:describe:1", "VISION"), ($"generation:{key}:image:1", "IMAGE"), ($"generation:{key}:image:1:describe:1", "VISION")],
            rows.Select(r => (r.Key, r.Kind)));
        Assert.All(rows.Where(r => r.Kind == "VISION"), r => Assert.Equal(((int?)812, (int?)45, (string?)null), (r.Input, r.Output, r.Outcome)));
    }

    [Theory]
    [InlineData("gemini", "PROVIDER_NOT_CONFIGURED")]
    [InlineData("nonesuch", "UNKNOWN_PROVIDER")]
    public async Task A_request_naming_a_vision_provider_that_cannot_describe_is_refused_with_a_typed_error_and_nothing_is_stored(string provider, string reason)
    {
        using var admin = await host.AdminAsync();
        var before = await host.Host.RequestCountAsync();

        var payload = await admin.GenerateAsync(new { productId = host.Product.Id, prompt = "On a shelf.", provider = "offline", describeImages = true, describeProvider = provider });

        Assert.Equal(JsonValueKind.Null, payload.GetProperty("request").ValueKind);
        var error = Assert.Single(payload.GetProperty("errors").EnumerateArray());
        Assert.Equal(("ProviderUnavailableError", reason, provider, reason), (error.Json("__typename"), error.Json("code"), error.Json("provider"), error.Json("reason")));
        Assert.Equal(before, await host.Host.RequestCountAsync());
    }

    [Fact]
    public async Task A_garbage_reply_fails_the_description_with_the_reason_while_the_picture_and_its_request_succeed_and_the_call_is_still_billed()
    {
        using var admin = await host.AdminAsync();
        host.AnswerWith("I'd rather describe it in prose: [a lovely green jar");

        var requestId = await admin.StartGenerationAsync(new { productId = host.Product.Id, prompt = "On a shelf.", provider = "offline", count = 1, describeImages = true, describeProvider = "openai" });
        var image = Assert.Single(await admin.DescribedImagesAsync(requestId, 1));

        var description = image.GetProperty("description");
        Assert.Equal(("FAILED", "UNPARSEABLE_REPLY"), (description.Json("status"), description.Json("errorKind")));
        Assert.StartsWith("The provider's reply is not usable YAML", description.Json("errorMessage"), StringComparison.Ordinal);
        Assert.Empty(description.GetProperty("changes").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, description.GetProperty("yaml").ValueKind);
        Assert.Equal("SUCCEEDED", (await admin.RequestAsync(requestId)).Json("status"));
        Assert.Single(await host.Host.ImageRowsAsync(requestId));
        var vision = Assert.Single(await host.LedgerRowsAsync(requestId), r => r.Kind == "VISION");
        Assert.Equal("UNPARSEABLE_REPLY", vision.Outcome);
    }

    [Fact]
    public async Task A_rate_limited_description_is_retried_as_an_analysis_is_and_then_done()
    {
        using var admin = await host.AdminAsync();
        var calls = 0;
        var reply = OpenAIFixtures.Chat(host.SpecificationYaml);
        host.Vision.Reply = (context, _) => Interlocked.Increment(ref calls) == 1
            ? Answer.Json(context, 429, Answer.Error("Rate limit reached for gpt-5.1 on requests per min (RPM): Limit 3, Used 3.", "requests", "rate_limit_exceeded"), retryAfter: "1")
            : Answer.Json(context, 200, reply);

        var requestId = await admin.StartGenerationAsync(new { productId = host.Product.Id, prompt = "On a shelf.", provider = "offline", count = 1, describeImages = true, describeProvider = "openai" });
        var description = Assert.Single(await admin.DescribedImagesAsync(requestId, 1)).GetProperty("description");

        Assert.Equal("DONE", description.Json("status"));
        Assert.Empty(description.GetProperty("changes").EnumerateArray());
        Assert.Equal(2, Volatile.Read(ref calls));
        Assert.Single(await host.LedgerRowsAsync(requestId), r => r.Kind == "VISION");
    }

    [Fact]
    public async Task describeGeneratedImage_describes_an_existing_picture_again_as_a_new_attempt_with_its_own_cost_row()
    {
        using var admin = await host.AdminAsync();
        var requestId = await admin.StartGenerationAsync(new { productId = host.Product.Id, prompt = "On a shelf.", provider = "offline", count = 1 });
        var request = await admin.FinishedRequestAsync(requestId, fields: "status images { id description { status } }");
        var imageId = request.GetProperty("images")[0].Json("id");
        Assert.Equal("null", request.GetProperty("images")[0].Json("description"));

        host.AnswerWith(host.SpecificationWithPrimaryColour(ChangedColour));
        var first = await admin.DescribeAsync(new { imageId, provider = "openai" });
        Assert.Empty(first.Errors());
        Assert.Equal(("PENDING", "1"), (first.GetProperty("image").Json("description", "status"), first.GetProperty("image").Json("description", "attempt")));
        var described = (await admin.DescribedImageAsync(imageId)).GetProperty("description");
        Assert.Equal(("DONE", "colors.primary.hex"), (described.Json("status"), Assert.Single(described.GetProperty("changes").EnumerateArray()).Json("path")));

        host.AnswerWith(host.SpecificationYaml);
        var second = await admin.DescribeAsync(new { imageId });
        Assert.Empty(second.Errors());
        await Eventually.AssertAsync(
            async () =>
            {
                var again = (await admin.DescribedImageAsync(imageId)).GetProperty("description");
                Assert.Equal(("DONE", "2", "[]"), (again.Json("status"), again.Json("attempt"), again.GetProperty("changes").GetRawText()));
            },
            TimeSpan.FromSeconds(90));

        var key = GallerySeed.Key(requestId, "GenerationRequest").ToString(CultureInfo.InvariantCulture);
        Assert.Equal(
            [$"generation:{key}:image:0:describe:1", $"generation:{key}:image:0:describe:2"],
            (await host.LedgerRowsAsync(requestId)).Where(r => r.Kind == "VISION").Select(r => r.Key));
    }

    [Fact]
    public async Task describeGeneratedImage_refuses_an_unknown_image_and_a_provider_without_vision()
    {
        using var admin = await host.AdminAsync();
        var unknown = await admin.DescribeAsync(new { imageId = GenerationIds.Image(987_654_321) });
        Assert.Equal(["NOT_FOUND"], unknown.ErrorCodes());

        var requestId = await admin.StartGenerationAsync(new { productId = host.Product.Id, prompt = "On a shelf.", provider = "offline", count = 1 });
        var imageId = (await admin.FinishedRequestAsync(requestId, fields: "status images { id }")).GetProperty("images")[0].Json("id");
        var unconfigured = await admin.DescribeAsync(new { imageId, provider = "gemini" });
        Assert.Equal(["PROVIDER_NOT_CONFIGURED"], unconfigured.ErrorCodes());
        Assert.Equal(JsonValueKind.Null, unconfigured.GetProperty("image").ValueKind);
        Assert.Null(Assert.Single(await host.Host.ImageRowsAsync(requestId)).Description);
    }

    [Fact]
    public async Task Running_the_describe_job_again_after_a_description_finished_calls_and_bills_nothing()
    {
        using var admin = await host.AdminAsync();
        host.AnswerWith(host.SpecificationYaml);
        var requestId = await admin.StartGenerationAsync(new { productId = host.Product.Id, prompt = "On a shelf.", provider = "offline", count = 1, describeImages = true, describeProvider = "openai" });
        await admin.DescribedImagesAsync(requestId, 1);
        var row = Assert.Single(await host.Host.ImageRowsAsync(requestId));
        var calls = host.Vision.Requests.Count;
        var ledger = await host.LedgerRowsAsync(requestId);

        // As a recovery after a crash would run it: the same work id, on a fresh scope.
        await using (var scope = host.Host.Services.CreateAsyncScope())
        {
            var job = scope.ServiceProvider.GetRequiredKeyedService<IDurableJob>(DescribeImageJob.Kind);
            var work = row.Id.ToString(CultureInfo.InvariantCulture);
            await job.RunAsync(new DurableJobContext(DescribeImageJob.Kind, work, isRecovery: true, DateTimeOffset.UtcNow.AddMinutes(5)), CancellationToken.None);
        }

        Assert.Equal(calls, host.Vision.Requests.Count);
        Assert.Equal(ledger, await host.LedgerRowsAsync(requestId));
        var after = Assert.Single(await host.Host.ImageRowsAsync(requestId));
        Assert.Equal((DescriptionStatus.Done, 1), (after.DescriptionStatus, after.Description!.Attempt));
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
