using GraphQL;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.GraphQLServer.Validation;

namespace ProductDescriber.GraphQLServer.Transport;

/// <summary>
/// Catches a database outage that surfaces outside GraphQL execution, above all in authentication (every bearer
/// token is checked against the users table, docs/adr/0008): 503 with a GraphQL error body and <c>Retry-After</c>
/// instead of a 500 (a stack page in Development, an empty body in Production). First in the pipeline, so every
/// endpoint behind it answers the same way.
/// </summary>
internal sealed partial class DatabaseOutageMiddleware(RequestDelegate next, IGraphQLTextSerializer serializer, ILogger<DatabaseOutageMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
        }
        catch (Exception exception) when (DatabaseOutage.IsCause(exception) && !http.Response.HasStarted)
        {
            LogOutage(http.Request.Path, exception.GetBaseException().Message);
            http.Response.Clear();
            DatabaseUnavailableError.SetStatus(http.Response);
            var format = MediaTypes.Negotiate(http.Request.Headers.Accept) is ResponseFormat.GraphQLResponseJson
                ? ResponseFormat.GraphQLResponseJson
                : ResponseFormat.Json;
            http.Response.ContentType = MediaTypes.ContentType(format);
            await serializer.WriteAsync(http.Response.Body, DatabaseUnavailableError.Result(), http.RequestAborted);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable while answering {Path}: {Reason}; answered 503")]
    private partial void LogOutage(string path, string reason);
}
