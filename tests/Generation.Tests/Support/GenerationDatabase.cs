using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.Generation.Gallery;
using ProductDescriber.Generation.Persistence;
using ProductDescriber.Generation.Requests;

namespace ProductDescriber.Generation.Tests.Support;

/// <summary>Reads Generation's tables directly: what was (or was not) stored, whatever the API shows.</summary>
internal static class GenerationDatabase
{
    public static async Task<int> RequestCountAsync(this TestHost host)
    {
        await using var db = await Factory(host).CreateDbContextAsync();
        return await db.Requests.CountAsync();
    }

    public static async Task<GenerationRequest> RequestRowAsync(this TestHost host, string requestId)
    {
        Assert.True(GenerationIds.TryRequest(requestId, out var id), requestId);
        await using var db = await Factory(host).CreateDbContextAsync();
        return await db.Requests.AsNoTracking().SingleAsync(r => r.Id == id);
    }

    public static async Task<List<GalleryImage>> ImageRowsAsync(this TestHost host, string requestId)
    {
        Assert.True(GenerationIds.TryRequest(requestId, out var id), requestId);
        await using var db = await Factory(host).CreateDbContextAsync();
        return await db.Images.AsNoTracking().Where(i => i.RequestId == id).OrderBy(i => i.Index).ToListAsync();
    }

    private static IDbContextFactory<GenerationDbContext> Factory(TestHost host) => host.Services.GetRequiredService<IDbContextFactory<GenerationDbContext>>();
}
