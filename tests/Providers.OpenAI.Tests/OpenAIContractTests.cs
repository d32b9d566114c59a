using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using ProductDescriber.Providers.Abstractions;
using ProductDescriber.Providers.ContractKit;
using SkiaSharp;

namespace ProductDescriber.Providers.OpenAI.Tests;

/// <summary>
/// The OpenAI provider, built through its module as the Host builds it, passes the contract kit against a fake
/// that answers like the real API: chat text with usage, and PNGs of exactly the size the provider asked for.
/// </summary>
public sealed class OpenAIContractTests : AiProviderContractTests, IAsyncLifetime
{
    private FakeOpenAI _fake = null!;
    private ServiceProvider? _services;

    protected override IReadOnlyCollection<string> ConfiguredSecrets => [OpenAITestBase.Key];

    // gpt-image-1 makes 1024x1024, 1536x1024 and 1024x1536 only.
    protected override IReadOnlyCollection<AspectRatio> NativeRatios => [AspectRatio.Square, new(3, 2), new(2, 3)];

    public async Task InitializeAsync()
    {
        _fake = await FakeOpenAI.StartAsync();
        _fake.Reply = ReplyAsync;
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await _fake.DisposeAsync();
    }

    protected override IAiProvider CreateProvider()
    {
        if (_services is null)
        {
            var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Providers:OpenAI:ApiKey"] = OpenAITestBase.Key,
                ["Providers:OpenAI:BaseUrl"] = _fake.BaseUrl.ToString(),
            }).Build();
            var services = new ServiceCollection();
            services.AddLogging();
            new OpenAIProviderModule().Register(services, settings);
            _services = services.BuildServiceProvider();
        }

        return _services.GetServices<IAiProvider>().Single(p => p.Descriptor.Name == "openai");
    }

    private async Task ReplyAsync(HttpContext context, int number)
    {
        var request = _fake.Requests.ElementAt(number);
        switch (request.Path)
        {
            case "/v1/chat/completions":
                await Answer.Json(context, 200, OpenAIFixtures.Chat("A red mug with a white handle on a grey table."));
                break;
            case "/v1/images/edits":
            case "/v1/images/generations":
                var (size, n) = await SizeAndCountAsync(request);
                await Answer.Json(context, 200, Images(size, n));
                break;
            default:
                await Answer.Json(context, 404, Answer.Error("Unknown path " + request.Path, "invalid_request_error", null));
                break;
        }
    }

    private static async Task<(string Size, int N)> SizeAndCountAsync(SeenOpenAIRequest request)
    {
        if (request.ContentType?.StartsWith("multipart/", StringComparison.Ordinal) != true)
        {
            var json = JsonDocument.Parse(request.Body).RootElement;
            return (json.GetProperty("size").GetString()!, json.TryGetProperty("n", out var n) ? n.GetInt32() : 1);
        }

        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value!;
        var reader = new MultipartReader(boundary, new MemoryStream(request.Body));
        var fields = new Dictionary<string, string>();
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            var name = HeaderUtilities.RemoveQuotes(ContentDispositionHeaderValue.Parse(section.ContentDisposition).Name).Value!;
            if (name is "size" or "n")
            {
                fields[name] = await section.ReadAsStringAsync();
            }
        }

        return (fields["size"], fields.TryGetValue("n", out var count) ? int.Parse(count, CultureInfo.InvariantCulture) : 1);
    }

    /// <summary>An images reply as documented, with <paramref name="n"/> real PNGs of the given "WxH" size.</summary>
    private static string Images(string size, int n)
    {
        var parts = size.Split('x');
        var png = Convert.ToBase64String(Picture(int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture)));
        var data = string.Join(",", Enumerable.Repeat($$"""{"b64_json":"{{png}}"}""", n));
        return $$$"""
            {"created":1760000000,"background":"opaque","data":[{{{data}}}],"output_format":"png","quality":"medium","size":"{{{size}}}",
             "usage":{"input_tokens":520,"input_tokens_details":{"image_tokens":470,"text_tokens":50},"output_tokens":{{{1056 * n}}},"total_tokens":{{{520 + 1056 * n}}}}}
            """;
    }

    private static byte[] Picture(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(0xE8, 0xE8, 0xE6));
        }

        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return encoded.ToArray();
    }
}
