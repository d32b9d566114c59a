using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Generation.Descriptions;
using ProductDescriber.Generation.Fidelity;
using ProductDescriber.Generation.Gallery;
using ProductDescriber.Generation.Persistence;
using ProductDescriber.Generation.Requests;
using ProductDescriber.Imaging.Provenance;
using ProductDescriber.TestSupport.Images;

namespace ProductDescriber.Generation.Tests.Support;

/// <summary>What a seeded request is sent and how it ends; the defaults make a finished request of 2 PNG images.</summary>
internal sealed record SeedRequest
{
    public required long ProductId { get; init; }

    public required long SpecificationId { get; init; }

    public int SpecificationVersion { get; init; } = 1;

    public int Count { get; init; } = 2;

    /// <summary>Indices stored; all of them by default.</summary>
    public int[]? Stored { get; init; }

    public GenerationStatus Status { get; init; } = GenerationStatus.Succeeded;

    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;

    public long[] ReferenceImageIds { get; init; } = [];

    public long? RequestedById { get; init; }

    public long? RegeneratedFromId { get; init; }

    public List<ImageFailure> Failures { get; init; } = [];

    public string? Seed { get; init; }

    public string? ImageModel { get; init; } = "offline-compositor-1";

    public bool Jpeg { get; init; }

    /// <summary>The fidelity stored with each index (as the job would measure it); none when null.</summary>
    public Func<int, ImageFidelity?>? Fidelity { get; init; }

    /// <summary>The description stored with each index (as the describe job would leave it); none when null.</summary>
    public Func<int, ImageDescription?>? Description { get; init; }

    /// <summary>Pixel size of every image; small and varying by index when null.</summary>
    public (int Width, int Height)? Size { get; init; }
}

internal sealed record SeededRequest(long Id, IReadOnlyList<SeededImage> Images)
{
    public string GlobalId => BuildingBlocks.GraphQL.Relay.GlobalId.Encode("GenerationRequest", Id);
}

internal sealed record SeededImage(long Id, string StorageKey, byte[] Bytes, int Width, int Height)
{
    public string GlobalId => BuildingBlocks.GraphQL.Relay.GlobalId.Encode("GeneratedImage", Id);
}

/// <summary>
/// Writes requests and images as the generation job will (rows through GenerationDbContext, real image files in
/// storage under the product's folder), so the read side is tested without the job.
/// </summary>
internal static class GallerySeed
{
    public static long Key(string globalId, string type) =>
        GlobalId.TryDecodeLong(globalId, type, out var key) ? key : throw new ArgumentException($"{globalId} is not a {type} id.");

    public static async Task<SeededRequest> RequestAsync(this TestHost host, SeedRequest seed)
    {
        var product = await host.GetService<IProductCatalog>().FindProductAsync(seed.ProductId, CancellationToken.None)
            ?? throw new InvalidOperationException($"No product {seed.ProductId}.");
        var stored = seed.Stored ?? [.. Enumerable.Range(0, seed.Count)];
        var effectivePrompt = $"Product on a marble table, request made at {seed.CreatedAt:O}";
        var request = new GenerationRequest
        {
            ProductId = seed.ProductId,
            RequestedById = seed.RequestedById,
            Prompt = "on a marble table",
            EffectivePrompt = effectivePrompt,
            PromptSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(effectivePrompt))),
            UncertainFields = ["dimensions.primary.depth"],
            AspectRatio = "16:9",
            Resolution = "2K",
            Count = seed.Count,
            Seed = seed.Seed,
            SpecificationId = seed.SpecificationId,
            SpecificationVersion = seed.SpecificationVersion,
            Provider = "offline",
            Model = "offline-request-model",
            ReferenceImageIds = seed.ReferenceImageIds,
            RegeneratedFromId = seed.RegeneratedFromId,
            Status = seed.Status,
            ImagesDone = stored.Length,
            Attempts = seed.Count + 1,
            InputTokens = 1200,
            OutputTokens = 800,
            DurationMs = 4321,
            Failures = seed.Failures,
            ErrorKind = seed.Status == GenerationStatus.Failed ? "SAFETY_BLOCK" : null,
            ErrorMessage = seed.Status == GenerationStatus.Failed ? "Blocked by the provider." : null,
            CreatedAt = seed.CreatedAt,
            UpdatedAt = seed.CreatedAt,
            StartedAt = seed.Status == GenerationStatus.Pending ? null : seed.CreatedAt.AddSeconds(1),
            CompletedAt = seed.Status is GenerationStatus.Pending or GenerationStatus.Running ? null : seed.CreatedAt.AddSeconds(5),
        };

        var contexts = host.GetService<IDbContextFactory<GenerationDbContext>>();
        var storage = host.GetService<IFileStorage>();
        await using var db = await contexts.CreateDbContextAsync();
        db.Requests.Add(request);
        await db.SaveChangesAsync();

        var images = new List<(GalleryImage Row, byte[] Bytes)>();
        foreach (var index in stored)
        {
            var (width, height) = seed.Size ?? (64 + (index * 16), 36 + (index * 9));
            var bytes = seed.Jpeg ? TestImages.Jpeg(width, height) : TestImages.Png(width, height);
            var extension = seed.Jpeg ? "jpg" : "png";
            var key = string.Create(CultureInfo.InvariantCulture, $"{product.StorageFolder}/generated/{seed.CreatedAt:yyyy}/{seed.CreatedAt:MM}/{request.Id}_{index}.{extension}");
            await using (var content = new MemoryStream(bytes))
            {
                await storage.SaveAsync(key, content, seed.Jpeg ? "image/jpeg" : "image/png", CancellationToken.None);
            }

            var fidelity = seed.Fidelity?.Invoke(index);
            var description = seed.Description?.Invoke(index);
            var row = new GalleryImage
            {
                Description = description,
                DescriptionStatus = description?.Status,
                Fidelity = fidelity,
                FidelityScore = fidelity?.Score,
                FidelityFlagged = fidelity?.Flagged,
                RequestId = request.Id,
                ProductId = seed.ProductId,
                Index = index,
                SpecificationVersion = seed.SpecificationVersion,
                StorageKey = key,
                MimeType = seed.Jpeg ? "image/jpeg" : "image/png",
                Width = width,
                Height = height,
                SizeBytes = bytes.Length,
                Model = seed.ImageModel,
                ModelText = index == 0 ? "Here is your product." : null,
                DigitalSourceType = DigitalSourceTypes.CompositeWithTrainedAlgorithmicMedia,

                // Images of a request arrive one after another: newest first in the gallery means highest index first.
                CreatedAt = seed.CreatedAt.AddSeconds(2).AddMilliseconds(index),
            };
            db.Images.Add(row);
            images.Add((row, bytes));
        }

        await db.SaveChangesAsync();
        return new SeededRequest(request.Id, [.. images.Select(i => new SeededImage(i.Row.Id, i.Row.StorageKey, i.Bytes, i.Row.Width, i.Row.Height))]);
    }
}

internal static class GalleryRows
{
    /// <summary>Requests and images stored for the product, counted in the database.</summary>
    public static async Task<(int Requests, int Images)> RowsOfProductAsync(this TestHost host, long productId)
    {
        await using var db = await host.GetService<IDbContextFactory<GenerationDbContext>>().CreateDbContextAsync();
        return (await db.Requests.CountAsync(r => r.ProductId == productId), await db.Images.CountAsync(i => i.ProductId == productId));
    }
}

internal static class GalleryRowRemoval
{
    /// <summary>Removes a request's image rows only (its files stay), as if the images were deleted meanwhile.</summary>
    public static async Task DeleteImageRowsAsync(this TestHost host, long requestId)
    {
        await using var db = await host.GetService<IDbContextFactory<GenerationDbContext>>().CreateDbContextAsync();
        await db.Images.Where(i => i.RequestId == requestId).ExecuteDeleteAsync();
    }
}
