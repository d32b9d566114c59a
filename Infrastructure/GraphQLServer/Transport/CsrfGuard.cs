using ProductDescriber.GraphQLServer.Validation;

namespace ProductDescriber.GraphQLServer.Transport;

/// <summary>
/// GET and multipart POST are "simple" requests a browser sends cross-site without a CORS preflight. We accept them
/// only with a signal that a page on another site cannot send without one: a preflight header, an
/// <c>Authorization</c> header, or a non-simple content type.
/// </summary>
internal static class CsrfGuard
{
    private static readonly string[] PreflightHeaders = ["GraphQL-Preflight", "GraphQL-Require-Preflight", "Apollo-Require-Preflight", "Authorization"];

    private static readonly string[] SimpleContentTypes = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"];

    public static void Check(HttpRequest request)
    {
        if (PreflightHeaders.Any(header => !string.IsNullOrWhiteSpace(request.Headers[header])))
        {
            return;
        }

        var contentType = request.ContentType;
        if (!string.IsNullOrEmpty(contentType) && !SimpleContentTypes.Any(simple => contentType.StartsWith(simple, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        throw RequestProblem.BadRequest(
            "This request needs a preflight-forcing header (e.g. `GraphQL-Preflight: 1` or `Authorization`) to protect against cross-site request forgery.");
    }
}
