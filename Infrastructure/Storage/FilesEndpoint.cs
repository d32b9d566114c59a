using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using ProductDescriber.BuildingBlocks.Storage;

namespace ProductDescriber.Storage;

/// <summary>
/// <c>GET|HEAD /files/{key}?expires=..&amp;signature=..</c>: the signature is the credential (no token, so links work in
/// <c>&lt;img src&gt;</c>). Local storage streams the bytes here; S3 storage redirects to a short-lived pre-signed URL.
/// </summary>
internal static class FilesEndpoint
{
    public static IEndpointConventionBuilder MapFiles(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapMethods(FileLinks.PathPrefix + "{**key}", [HttpMethods.Get, HttpMethods.Head], ServeAsync)
            .AllowAnonymous()
            .ExcludeFromDescription();

    private static async Task<IResult> ServeAsync(
        HttpContext context,
        string key,
        FileLinks links,
        IFileStorage storage,
        DerivedFiles derivedFiles,
        IOptions<StorageOptions> options,
        TimeProvider time)
    {
        var cancellationToken = context.RequestAborted;
        var headers = context.Response.Headers;
        // Files are user uploads: never let a browser run or sniff them as a page of ours.
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";

        // Kestrel has already decoded the path and resolved dot segments; what remains (%2F, '\', '%2e%2e' decoded
        // to a '..' segment inside the key) fails the key rule, and nothing else reaches storage.
        if (!StorageKey.IsValid(key))
        {
            return Results.NotFound();
        }

        var query = context.Request.Query;
        if (links.Verify(key, query["expires"], query["signature"]) is not { } expiresAt)
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        var direct = await storage.GetDirectReadUrlAsync(key, options.Value.S3.RedirectLifetime, cancellationToken);
        if (direct is not null)
        {
            // Cached redirects would outlive the pre-signed URL they point to.
            headers.CacheControl = "no-store";
            return await ExistsOrCreatedAsync(storage, derivedFiles, key, cancellationToken) ? Results.Redirect(direct.AbsoluteUri) : Results.NotFound();
        }

        var file = await storage.OpenReadAsync(key, cancellationToken);
        if (file is null && await derivedFiles.TryCreateAsync(key, cancellationToken))
        {
            file = await storage.OpenReadAsync(key, cancellationToken);
        }

        if (file is null)
        {
            return Results.NotFound();
        }

        context.Response.RegisterForDisposeAsync(file);
        var maxAge = (long)Math.Max(0, (expiresAt - time.GetUtcNow()).TotalSeconds);
        headers.CacheControl = $"private, max-age={maxAge}";
        return Results.Stream(
            file.Content,
            file.Info.ContentType,
            lastModified: file.Info.LastModified,
            entityTag: EntityTagHeaderValue.Parse(file.Info.ETag),
            enableRangeProcessing: true);
    }

    private static async Task<bool> ExistsOrCreatedAsync(IFileStorage storage, DerivedFiles derivedFiles, string key, CancellationToken cancellationToken) =>
        await storage.GetInfoAsync(key, cancellationToken) is not null || await derivedFiles.TryCreateAsync(key, cancellationToken);
}
