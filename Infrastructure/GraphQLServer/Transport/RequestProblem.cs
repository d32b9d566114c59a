using GraphQL;
using ProductDescriber.GraphQLServer.Validation;

namespace ProductDescriber.GraphQLServer.Transport;

/// <summary>A request the transport refuses before execution: an HTTP status and one GraphQL error.</summary>
internal sealed class RequestProblem(int statusCode, string code, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string Code { get; } = code;

    public ExecutionResult ToResult() => new() { Errors = [new ExecutionError(Message) { Code = Code }] };

    public static RequestProblem BadRequest(string message) => new(StatusCodes.Status400BadRequest, "BAD_REQUEST", message);

    public static RequestProblem TooLarge(string message) => new(StatusCodes.Status413PayloadTooLarge, "PAYLOAD_TOO_LARGE", message);

    public static RequestProblem UnsupportedMediaType(string message) => new(StatusCodes.Status415UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", message);
}
