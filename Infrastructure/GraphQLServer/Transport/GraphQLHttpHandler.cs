using System.Buffers;
using System.Text.Json;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Transport;
using GraphQL.Validation;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using ProductDescriber.BuildingBlocks.GraphQL;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.GraphQLServer.Authorization;
using ProductDescriber.GraphQLServer.Uploads;
using ProductDescriber.GraphQLServer.Validation;

namespace ProductDescriber.GraphQLServer.Transport;

/// <summary>
/// GraphQL over HTTP (graphql/graphql-over-http; status codes as the graphql-http 1.23 audits check them): POST
/// with JSON or multipart, GET for queries, <c>application/graphql-response+json</c> or <c>application/json</c>
/// by <c>Accept</c>, and <c>text/event-stream</c> handed to the SSE responder. See docs/adr/0002-graphql-transport.md.
/// </summary>
internal sealed partial class GraphQLHttpHandler(
    GraphQLExecutor executor,
    IGraphQLTextSerializer serializer,
    MultipartRequestReader multipart,
    SseResponder sse,
    IOptions<GraphQLServerOptions> options,
    ILogger<GraphQLHttpHandler> logger)
{
    public async Task HandleAsync(HttpContext http)
    {
        var format = MediaTypes.Negotiate(http.Request.Headers.Accept);
        try
        {
            if (format is null)
            {
                throw new RequestProblem(StatusCodes.Status406NotAcceptable, "NOT_ACCEPTABLE",
                    $"Accept one of {MediaTypes.GraphQLResponse}, {MediaTypes.Json} or {MediaTypes.EventStream}.");
            }

            await using var parsed = await ReadRequestAsync(http);
            var call = Call(http, parsed.QueryOnly);
            if (format == ResponseFormat.EventStream)
            {
                if (parsed.IsBatch)
                {
                    throw RequestProblem.BadRequest("A batch cannot be streamed: send one operation per event stream.");
                }

                await sse.RespondAsync(http, parsed.Requests[0], call);
                return;
            }

            if (parsed.IsBatch)
            {
                await ExecuteBatchAsync(http, parsed.Requests, call, format.Value);
            }
            else
            {
                await ExecuteSingleAsync(http, parsed.Requests[0], call, format.Value);
            }
        }
        catch (RequestProblem problem)
        {
            await WriteAsync(http, problem.StatusCode, format ?? ResponseFormat.Json, problem.ToResult());
        }
        catch (BadHttpRequestException exception)
        {
            // Kestrel's verdict on the body (the client closed the connection mid-body, broke the framing, sent
            // too much): the client's doing, not a fault of ours.
            LogBadBody(logger, http.Request.ContentType, exception.Message);
            if (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
            {
                await WriteAsync(http, exception.StatusCode, format ?? ResponseFormat.Json,
                    new RequestProblem(exception.StatusCode, "BAD_REQUEST", exception.Message).ToResult());
            }
        }
        catch (Exception exception) when (ClientLeft(http, exception))
        {
            LogClientLeft(logger, http.Request.ContentType);
        }
    }

    // A hang-up surfaces as a cancellation or as an I/O error of the body stream, and the reset can be noticed by the
    // body read a moment before RequestAborted is signalled: either way the client's doing, not a fault of ours.
    private static bool ClientLeft(HttpContext http, Exception exception) =>
        exception is ConnectionResetException
        || (http.RequestAborted.IsCancellationRequested && exception is OperationCanceledException or IOException);

    private async Task ExecuteSingleAsync(HttpContext http, GraphQLRequest request, GraphQLCall call, ResponseFormat format)
    {
        var result = await executor.ExecuteAsync(request, call, http.RequestAborted);
        if (result.Streams is not null)
        {
            result = new RequestProblem(StatusCodes.Status400BadRequest, "SUBSCRIPTION_NEEDS_STREAM",
                "Subscriptions need a stream: use WebSocket (graphql-transport-ws) or send `Accept: text/event-stream`.").ToResult();
        }

        if (DatabaseUnavailableError.IsAllOf(result))
        {
            DatabaseUnavailableError.SetStatus(http.Response);
            await WriteAsync(http, StatusCodes.Status503ServiceUnavailable, format, result);
            return;
        }

        var status = StatusFor(result, format);
        if (status == StatusCodes.Status405MethodNotAllowed)
        {
            http.Response.Headers.Allow = "POST";
        }
        else if (status == StatusCodes.Status401Unauthorized)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
        }

        await WriteAsync(http, status, format, result);
    }

    private async Task ExecuteBatchAsync(HttpContext http, IReadOnlyList<GraphQLRequest> requests, GraphQLCall call, ResponseFormat format)
    {
        var results = new List<ExecutionResult>(requests.Count);
        foreach (var request in requests)
        {
            var result = await executor.ExecuteAsync(request, call, http.RequestAborted);
            results.Add(result.Streams is null ? result : RequestProblem.BadRequest("Subscriptions cannot be batched.").ToResult());
        }

        if (results.All(DatabaseUnavailableError.IsAllOf))
        {
            DatabaseUnavailableError.SetStatus(http.Response);
        }
        else
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
        }

        http.Response.ContentType = MediaTypes.ContentType(format);
        await serializer.WriteAsync(http.Response.Body, results, http.RequestAborted);
    }

    /// <summary>
    /// Under <c>application/graphql-response+json</c> a request that did not execute is a 4xx; legacy
    /// <c>application/json</c> clients get 200 for every well-formed request, as the spec says.
    /// </summary>
    private static int StatusFor(ExecutionResult result, ResponseFormat format)
    {
        var errors = result.Errors ?? [];
        if (errors.Any(e => e is MethodNotAllowedError))
        {
            return StatusCodes.Status405MethodNotAllowed;
        }

        if (errors.Any(e => e is TimeoutError) && result.Data is null)
        {
            return StatusCodes.Status503ServiceUnavailable;
        }

        if (result.Executed || format != ResponseFormat.GraphQLResponseJson)
        {
            return StatusCodes.Status200OK;
        }

        if (errors.Count > 0 && errors.All(e => e is AuthenticationRequiredError))
        {
            return StatusCodes.Status401Unauthorized;
        }

        return errors.Count > 0 && errors.All(e => e is ForbiddenError or AuthenticationRequiredError)
            ? StatusCodes.Status403Forbidden
            : StatusCodes.Status400BadRequest;
    }

    private async Task<ParsedRequest> ReadRequestAsync(HttpContext http)
    {
        var request = http.Request;
        if (HttpMethods.IsGet(request.Method))
        {
            CsrfGuard.Check(request);
            return new ParsedRequest([ReadQueryString(request.Query)], IsBatch: false, QueryOnly: true, Uploads: null);
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            http.Response.Headers.Allow = "GET, POST";
            throw new RequestProblem(StatusCodes.Status405MethodNotAllowed, "METHOD_NOT_ALLOWED", "Use POST (or GET for queries).");
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType))
        {
            throw RequestProblem.UnsupportedMediaType($"Send the request as {MediaTypes.Json} (or multipart/form-data for uploads).");
        }

        if (contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            CsrfGuard.Check(request);
            var upload = await multipart.ReadAsync(http, AuthenticatedUploader(http));
            return new ParsedRequest(upload.Requests, upload.IsBatch, QueryOnly: false, upload);
        }

        if (!contentType.MediaType.Equals(MediaTypes.Json, StringComparison.OrdinalIgnoreCase)
            && !contentType.MediaType.Equals("application/graphql+json", StringComparison.OrdinalIgnoreCase))
        {
            throw RequestProblem.UnsupportedMediaType($"Content type '{contentType.MediaType}' is not supported; send {MediaTypes.Json}.");
        }

        if (contentType.Charset.HasValue && !HeaderUtilities.RemoveQuotes(contentType.Charset).Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            throw RequestProblem.UnsupportedMediaType("Only UTF-8 request bodies are supported.");
        }

        await using var body = await ReadBodyAsync(http);
        return await ParseJsonAsync(body, http.RequestAborted);
    }

    private async Task<ParsedRequest> ParseJsonAsync(MemoryStream body, CancellationToken cancellationToken)
    {
        var first = body.GetBuffer().AsSpan(0, (int)body.Length).TrimStart(" \t\r\n"u8);
        try
        {
            if (first.IsEmpty)
            {
                throw RequestProblem.BadRequest("The request body is empty; send a JSON object with a `query`.");
            }

            if (first[0] == (byte)'[')
            {
                var batch = await serializer.ReadAsync<GraphQLRequest[]>(body, cancellationToken) ?? [];
                if (batch.Length == 0 || batch.Length > options.Value.MaxBatchSize)
                {
                    throw RequestProblem.BadRequest($"A batch must hold 1 to {options.Value.MaxBatchSize} operations.");
                }

                return new ParsedRequest([.. batch.Select(Validate)], IsBatch: true, QueryOnly: false, Uploads: null);
            }

            var request = await serializer.ReadAsync<GraphQLRequest>(body, cancellationToken) ?? throw RequestProblem.BadRequest("The request body must be a JSON object.");
            return new ParsedRequest([Validate(request)], IsBatch: false, QueryOnly: false, Uploads: null);
        }
        catch (JsonException exception)
        {
            throw RequestProblem.BadRequest($"The request body is not a well-formed GraphQL request: {exception.Message}");
        }
    }

    private GraphQLRequest ReadQueryString(IQueryCollection query)
    {
        string? Value(string name) => query[name].ToString() is { Length: > 0 } value ? value : null;
        try
        {
            return Validate(new GraphQLRequest
            {
                Query = Value("query"),
                OperationName = Value("operationName"),
                DocumentId = Value("documentId"),
                Variables = Value("variables") is { } variables ? serializer.Deserialize<Inputs>(variables) : null,
                Extensions = Value("extensions") is { } extensions ? serializer.Deserialize<Inputs>(extensions) : null,
            });
        }
        catch (JsonException exception)
        {
            throw RequestProblem.BadRequest($"`variables` and `extensions` must be JSON objects: {exception.Message}");
        }
    }

    private static GraphQLRequest Validate(GraphQLRequest? request) =>
        request is null || (string.IsNullOrEmpty(request.Query) && string.IsNullOrEmpty(request.DocumentId))
            ? throw RequestProblem.BadRequest("The request has no `query`.")
            : request;

    /// <summary>Reads at most <c>MaxRequestBytes</c>; a bigger body is refused with 413 before it is buffered.</summary>
    private async Task<MemoryStream> ReadBodyAsync(HttpContext http)
    {
        var limit = options.Value.MaxRequestBytes;
        if (http.Request.ContentLength > limit)
        {
            throw RequestProblem.TooLarge($"The request body is larger than {limit} bytes.");
        }

        if (http.Request.ContentLength is { } declared)
        {
            // The usual case: the length is known, so the body is read straight into a buffer of that size, with no
            // copy through a chunk (Kestrel ends the body at the declared length and fails a shorter one).
            var buffer = new byte[declared];
            var received = await http.Request.Body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, http.RequestAborted);
            return new MemoryStream(buffer, 0, received, writable: false, publiclyVisible: true);
        }

        var body = new MemoryStream(4096);
        var chunk = ArrayPool<byte>.Shared.Rent(8192);
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
            {
                if (body.Length + read > limit)
                {
                    throw RequestProblem.TooLarge($"The request body is larger than {limit} bytes.");
                }

                body.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        body.Position = 0;
        return body;
    }

    /// <summary>
    /// Files are spooled to disk, so only a caller whose token and session the authentication middleware accepted
    /// may send any: anyone else is refused before a byte of the body is read.
    /// </summary>
    private static long AuthenticatedUploader(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated == true && http.User.GetUserId() is { } userId)
        {
            return userId;
        }

        http.Response.Headers.WWWAuthenticate = "Bearer";
        var reason = http.Items[RequestContext.AuthenticationFailureItem] as string
            ?? "uploads need a valid access token (`Authorization: Bearer <token>`; get one with the `login` mutation).";
        throw new RequestProblem(StatusCodes.Status401Unauthorized, "UNAUTHENTICATED", $"Authentication required: {reason}");
    }

    private static GraphQLCall Call(HttpContext http, bool queryOnly) => new(
        "http",
        http.RequestServices,
        http.User,
        new RequestContext
        {
            ClientAddress = http.Connection.RemoteIpAddress?.ToString(),
            AuthenticationFailure = http.Items[RequestContext.AuthenticationFailureItem] as string,
        },
        queryOnly);

    private async Task WriteAsync(HttpContext http, int status, ResponseFormat format, ExecutionResult result)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = MediaTypes.ContentType(format == ResponseFormat.EventStream ? ResponseFormat.Json : format);
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Client sent an incomplete or malformed request body ({ContentType}): {Reason}")]
    private static partial void LogBadBody(ILogger logger, string? contentType, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Client closed the connection before its request ({ContentType}) was read")]
    private static partial void LogClientLeft(ILogger logger, string? contentType);

    private sealed record ParsedRequest(IReadOnlyList<GraphQLRequest> Requests, bool IsBatch, bool QueryOnly, MultipartRequest? Uploads) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Uploads?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
