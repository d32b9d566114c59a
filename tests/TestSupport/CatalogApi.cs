using System.Net;
using System.Text.Json;
using Xunit;

namespace ProductDescriber.TestSupport;

/// <summary>A file as a browser sends it in a multipart request: bytes, the name it had, the type it claimed.</summary>
public sealed record UploadFile(string FileName, byte[] Bytes, string ContentType = "image/png");

/// <summary>Catalog operations through the public GraphQL API, as the web frontend calls them.</summary>
public static class CatalogApi
{
    public const string ImageFields = "id fileName mimeType sizeBytes width height isPrimary displayOrder url";

    public const string ErrorFields = """
        errors { __typename code message
          ... on ValidationError { field }
          ... on SlugTakenError { slug suggestion }
          ... on InvalidImageError { index fileName reason }
          ... on ProductArchivedError { productId } }
        """;

    public static async Task<JsonElement> CreateProductAsync(this GraphQLClient client, object input)
    {
        var data = await client.QueryAsync(
            $"mutation($i: CreateProductInput!) {{ createProduct(input: $i) {{ product {{ id name slug description category tags isArchived }} {ErrorFields} }} }}",
            new { i = input });
        return data.GetProperty("createProduct");
    }

    /// <summary>Creates a product and returns its id, failing the test if that did not work.</summary>
    public static async Task<string> NewProductAsync(this GraphQLClient client, string? name = null, object? extra = null)
    {
        var payload = await client.CreateProductAsync(extra ?? new { name = name ?? $"Product {Guid.NewGuid():N}" });
        Assert.True(payload.GetProperty("errors").GetArrayLength() == 0, payload.ToString());
        return payload.GetProperty("product").GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> MutateAsync(this GraphQLClient client, string field, string inputType, object input, string selection)
    {
        var data = await client.QueryAsync($"mutation($i: {inputType}!) {{ {field}(input: $i) {{ {selection} {ErrorFields} }} }}", new { i = input });
        return data.GetProperty(field);
    }

    /// <summary>A GraphQL multipart request (operations, map, files) with the caller's token, like the frontend's upload.</summary>
    public static async Task<(HttpStatusCode Status, GraphQLResponse Response)> UploadAsync(this GraphQLClient client, string productId, params UploadFile[] files)
    {
        const string Query = $$"""
            mutation($i: UploadReferenceImagesInput!) {
              uploadReferenceImages(input: $i) { product { id } referenceImages { {{ImageFields}} } {{ErrorFields}} }
            }
            """;
        var response = await client.PostMultipartAsync(
            Query,
            new { i = new { productId, files = files.Select(_ => (object?)null).ToArray() } },
            [.. files.Select((f, i) => new MultipartFile($"variables.i.files.{i}", f.FileName, f.Bytes, f.ContentType))]);
        return (response.Status, response);
    }

    /// <summary>Uploads and fails the test unless the request itself succeeded; returns the payload.</summary>
    public static async Task<JsonElement> UploadOkAsync(this GraphQLClient client, string productId, params UploadFile[] files)
    {
        var (status, response) = await client.UploadAsync(productId, files);
        Assert.True(status == HttpStatusCode.OK && response.Errors.Length == 0, response.Body);
        return response.Data.GetProperty("uploadReferenceImages");
    }

    public static async Task<JsonElement[]> ReferenceImagesAsync(this GraphQLClient client, string productId)
    {
        var data = await client.QueryAsync($"query($id: ID!) {{ product(id: $id) {{ referenceImages {{ {ImageFields} }} }} }}", new { id = productId });
        return [.. data.GetProperty("product").GetProperty("referenceImages").EnumerateArray()];
    }

    /// <summary>Width and height from a PNG's IHDR chunk (big-endian, at bytes 16 and 20).</summary>
    public static (int Width, int Height) PngSize(byte[] png) =>
        (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));

    public static UploadFile Photo(int number = 1) =>
        new($"stasher_{number}.png", File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", $"stasher_{number}.png")));
}
