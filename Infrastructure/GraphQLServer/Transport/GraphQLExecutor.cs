using System.Diagnostics;
using System.Security.Claims;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQL.Validation;
using ProductDescriber.BuildingBlocks.GraphQL;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.GraphQLServer.Validation;

namespace ProductDescriber.GraphQLServer.Transport;

/// <summary>Who is asking and over what: the same for every transport.</summary>
internal sealed record GraphQLCall(string Transport, IServiceProvider Services, ClaimsPrincipal User, RequestContext Context, bool QueryOnly = false);

/// <summary>
/// Runs one GraphQL request for any transport (HTTP, SSE, WebSocket) and writes the one structured log line per
/// operation: name, transport, duration, user id and outcome. Variables are never logged (they carry passwords).
/// The same point records the operation's span and metrics (<see cref="OperationTelemetry"/>).
/// </summary>
internal sealed partial class GraphQLExecutor(IDocumentExecuter<ISchema> executer, ILogger<GraphQLExecutor> logger)
{
    private static readonly IEnumerable<IValidationRule> GetRules = [.. DocumentValidator.CoreRules, QueryOnlyRule.Instance];

    public async Task<ExecutionResult> ExecuteAsync(GraphQLRequest request, GraphQLCall call, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var telemetry = OperationTelemetry.Start(call.Transport, cancellationToken);
        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Query = request.Query,
            DocumentId = request.DocumentId,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            RequestServices = call.Services,
            User = call.User,
            UserContext = call.Context,
            CancellationToken = cancellationToken,
            ValidationRules = call.QueryOnly ? GetRules : null,
            Listeners = { telemetry },
        });
        telemetry.Completed(result);
        LogOperation(call, request, result, Stopwatch.GetElapsedTime(started));
        return result;
    }

    private void LogOperation(GraphQLCall call, GraphQLRequest request, ExecutionResult result, TimeSpan elapsed)
    {
        var outcome = result.Errors is { Count: > 0 } errors
            ? "errors:" + string.Join(',', errors.Select(e => e.Code ?? "ERROR").Distinct())
            : result.Streams is not null ? "subscribed" : "ok";
        var operation = request.OperationName
            ?? result.Operation?.Name?.StringValue
            ?? call.Context.OperationName
            ?? "(anonymous)";
        LogRequest(operation, call.Transport, outcome, elapsed.TotalMilliseconds, call.User.GetUserId());
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "GraphQL {Operation} over {Transport}: {Outcome} in {ElapsedMs:0.0} ms, user {UserId}")]
    private partial void LogRequest(string operation, string transport, string outcome, double elapsedMs, long? userId);
}
