using System.Globalization;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Npgsql;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.Identity.Contracts;

namespace ProductDescriber.Bench;

/// <summary>
/// The baseline: minimal-API endpoints that authenticate the same bearer token through the Host's JWT scheme (so
/// the Identity session check runs exactly as for <c>/graphql</c>) and answer what <see cref="PlainResponses"/> writes.
/// </summary>
internal static class PlainEndpoints
{
    private const string UserPolicy = "plain-user";
    private const string AdminPolicy = "plain-admin";

    public static IServiceCollection AddPlainPolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(UserPolicy, policy => policy
                .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser())
            .AddPolicy(AdminPolicy, policy => policy
                .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireClaim(AppClaims.Role, Roles.Admin));
        return services;
    }

    public static void MapPlainEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var plain = endpoints.MapGroup("/plain");
        plain.MapGet("/me", (HttpContext http, NpgsqlDataSource dataSource) =>
                RespondAsync(http, output => PlainResponses.MeAsync(dataSource, CallerId(http), output, http.RequestAborted)))
            .RequireAuthorization(UserPolicy);
        plain.MapGet("/users", (HttpContext http, NpgsqlDataSource dataSource) =>
                RespondAsync(http, output => PlainResponses.UsersAsync(dataSource, PageSize(http), output, http.RequestAborted)))
            .RequireAuthorization(AdminPolicy);
        plain.MapGet("/products", (HttpContext http, NpgsqlDataSource dataSource, IFileLinks links) =>
                RespondAsync(http, output => PlainProducts.WritePageAsync(dataSource, links, PageSize(http), output, http.RequestAborted)))
            .RequireAuthorization(UserPolicy);
        plain.MapGet("/product", (HttpContext http, NpgsqlDataSource dataSource, IFileLinks links, long id) =>
                RespondAsync(http, output => PlainProducts.WriteOneAsync(dataSource, links, id, output, http.RequestAborted)))
            .RequireAuthorization(UserPolicy);
        plain.MapGet("/typename", (HttpContext http) =>
                RespondAsync(http, output => PlainResponses.TypenameAsync(output)))
            .RequireAuthorization(UserPolicy);
    }

    /// <summary>Status and content type as the GraphQL endpoint sends them for <c>Accept: application/json</c>.</summary>
    private static async Task RespondAsync(HttpContext http, Func<System.Buffers.IBufferWriter<byte>, Task> write)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=utf-8";
        await write(http.Response.BodyWriter);
        await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
    }

    private static long CallerId(HttpContext http) =>
        http.User.GetUserId() ?? throw new InvalidOperationException("The authorization policy let a token without a user id through.");

    private static int PageSize(HttpContext http) =>
        int.TryParse(http.Request.Query["first"], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            ? first
            : PlainResponses.DefaultPageSize;
}
