using System.Diagnostics;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;
using GraphQLParser.AST;
using ProductDescriber.BuildingBlocks.Diagnostics;
using ProductDescriber.GraphQLServer.Validation;

namespace ProductDescriber.GraphQLServer.Transport;

/// <summary>
/// The span and the two metrics of one GraphQL operation, after the OpenTelemetry GraphQL conventions. Only the
/// operation's name and type are recorded: never the document (its literal values), the variables (passwords) or
/// error messages (GraphQL.NET quotes offending variable values in them). See docs/adr/0016-opentelemetry.md.
/// </summary>
internal sealed class OperationTelemetry : DocumentExecutionListenerBase, IDisposable
{
    private const string OperationNameTag = "graphql.operation.name";
    private const string OperationTypeTag = "graphql.operation.type";
    private const string OutcomeTag = "outcome";
    private const string TransportTag = "transport";

    private const string UnnamedSpan = "GraphQL Operation";
    private const int MaxNameLength = 100;

    private readonly Activity? _activity;
    private readonly string _transport;
    private readonly CancellationToken _aborted;
    private readonly long _started = Stopwatch.GetTimestamp();
    private GraphQLOperationDefinition? _operation;
    private bool _completed;

    private OperationTelemetry(Activity? activity, string transport, CancellationToken aborted)
    {
        _activity = activity;
        _transport = transport;
        _aborted = aborted;
    }

    /// <summary>
    /// Starts the operation's span: a child of the HTTP request's, except over WebSocket, where one request lives as
    /// long as the socket and carries many operations. There each operation is a trace of its own, linked to the
    /// socket's request, so its trace ends when the operation does.
    /// </summary>
    public static OperationTelemetry Start(string transport, CancellationToken aborted)
    {
        if (!AppTelemetry.Source.HasListeners())
        {
            return new OperationTelemetry(null, transport, aborted);
        }

        var connection = Activity.Current;
        if (transport == "websocket" && connection is not null)
        {
            // Activity.Current is async-local: cleared here, it stays cleared for the rest of the executor's async
            // call (this operation) and is the socket's again in the connection loop once that call returns.
            Activity.Current = null;
            return new OperationTelemetry(
                AppTelemetry.Source.StartActivity(UnnamedSpan, ActivityKind.Server, parentContext: default, links: [new ActivityLink(connection.Context)]),
                transport,
                aborted);
        }

        // Under HTTP and SSE the request's span is the server span; this one is a step inside it.
        return new OperationTelemetry(AppTelemetry.Source.StartActivity(UnnamedSpan, connection is null ? ActivityKind.Server : ActivityKind.Internal), transport, aborted);
    }

    /// <summary>
    /// Notes the operation the document selects. GraphQL.NET calls this whether or not validation passed, and it is
    /// the only place a refused operation's name and type can be had: the result carries no operation then.
    /// </summary>
    public override Task AfterValidationAsync(IExecutionContext context, IValidationResult validationResult)
    {
        _operation = context.Operation;
        return Task.CompletedTask;
    }

    /// <summary>Records an operation that produced a result (successful, partial, or refused before execution).</summary>
    public void Completed(ExecutionResult result)
    {
        _completed = true;
        var errors = result.Errors;
        var outcome = errors is not { Count: > 0 } ? "ok"
            : result.Executed || errors.Any(e => e is TimeoutError) ? "error"
            : "refused";
        Record(outcome, errors is { Count: > 0 } ? errors[0].Code ?? "ERROR" : null);
    }

    /// <summary>
    /// Ends the span. An operation that never completed was ended by an exception: the client went away (GraphQL.NET
    /// rethrows cancellation), or the server failed outside the resolvers, which it otherwise turns into errors.
    /// </summary>
    public void Dispose()
    {
        if (!_completed)
        {
            _completed = true;
            var cancelled = _aborted.IsCancellationRequested;
            Record(cancelled ? "cancelled" : "error", cancelled ? null : "_OTHER");
        }

        _activity?.Dispose();
    }

    private void Record(string outcome, string? errorType)
    {
        var type = _operation?.Operation switch
        {
            OperationType.Query => "query",
            OperationType.Mutation => "mutation",
            OperationType.Subscription => "subscription",
            _ => null,
        };

        var tags = new TagList { { OutcomeTag, outcome }, { TransportTag, _transport } };
        if (type is not null)
        {
            tags.Add(OperationTypeTag, type);
        }

        // The name stays off the metrics: clients choose it, so it would let anyone mint unbounded series.
        AppTelemetry.Operations.Add(1, tags);
        AppTelemetry.OperationDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, tags);

        if (_activity is null)
        {
            return;
        }

        var name = _operation?.Name?.StringValue is { Length: <= MaxNameLength } named ? named : null;
        _activity.DisplayName = (type, name) switch
        {
            (null, _) => UnnamedSpan,
            (_, null) => type,
            _ => $"{type} {name}",
        };
        _activity.SetTag(OperationNameTag, name);
        _activity.SetTag(OperationTypeTag, type);
        _activity.SetTag(OutcomeTag, outcome);
        _activity.SetTag(TransportTag, _transport);
        if (errorType is not null)
        {
            // A code or an exception type, never a message.
            _activity.SetTag("error.type", errorType);
            _activity.SetStatus(ActivityStatusCode.Error);
        }
    }
}
