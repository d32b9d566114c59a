using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.BuildingBlocks.Security;

namespace ProductDescriber.Generation.Requests;

/// <summary>
/// <c>cancelGeneration</c>: a request that has not started ends CANCELLED at once; a running one is stopped by
/// whichever Host runs it (its in-flight provider call is cancelled) and ends CANCELLED, keeping the pictures it
/// already stored. Its requester or an admin.
/// </summary>
internal static class CancelGeneration
{
    public static void AddField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<CancelGenerationPayloadGraphType>, RequestPayload>("cancelGeneration")
            .Description("Stops a generation request: at once if it has not started, else as soon as the Host running it hears (its provider call is cancelled); pictures already stored stay. Follow `generationChanged` to see it end CANCELLED. Its requester or an admin.")
            .Argument<NonNullGraphType<CancelGenerationInputGraphType>>("input")
            .Resolve()
            .WithScope()
            .WithService<CancelGenerationHandler>()
            .ResolveAsync(async (ctx, handler) => await handler.CancelAsync(ctx.GetArgument<RequestIdInput>("input").RequestId, ctx.User, ctx.CancellationToken));
}

internal sealed class CancelGenerationInputGraphType() : RequestIdInputGraphType("CancelGenerationInput");

internal sealed class CancelGenerationPayloadGraphType : PayloadGraphType<RequestPayload>
{
    public CancelGenerationPayloadGraphType()
        : base("CancelGenerationPayload")
    {
        Field<GenerationRequestGraphType>("request").Description("The request as it is now (CANCELLED, or RUNNING until its job stops); null when refused.").Resolve(ctx => ctx.Source.Request);
    }
}

internal sealed class CancelGenerationHandler(GenerationRequests requests, IEventBus bus, TimeProvider time)
{
    public async Task<RequestPayload> CancelAsync(string requestGlobalId, System.Security.Claims.ClaimsPrincipal? caller, CancellationToken cancellationToken)
    {
        if (!GenerationIds.TryRequest(requestGlobalId, out var requestId) || await requests.FindAsync(requestId, cancellationToken) is not { } found)
        {
            return new RequestPayload(null, [GenerationIds.RequestNotFound]);
        }

        if (!RequestAccess.MayChange(found, caller))
        {
            return new RequestPayload(null, [RequestAccess.Forbidden]);
        }

        var now = time.GetUtcNow();
        var request = await requests.UpdateAsync(
            requestId,
            r =>
            {
                r.CancelRequestedAt ??= now;
                if (r.Status == GenerationStatus.Pending)
                {
                    // No job has started it: nothing to stop. A job that starts later finds it finished.
                    r.Status = GenerationStatus.Cancelled;
                    r.ErrorKind = "CANCELLED";
                    r.ErrorMessage = "The request was cancelled before it started.";
                    r.CompletedAt = now;
                }
            },
            cancellationToken);
        if (request is null)
        {
            return new RequestPayload(null, [GenerationIds.RequestNotFound]);
        }

        if (request.IsFinished && request.CancelRequestedAt != now)
        {
            return new RequestPayload(request, [new AlreadyFinishedError(requestGlobalId, request.Status.ToString().ToUpperInvariant())]);
        }

        if (request.Status == GenerationStatus.Running)
        {
            await GenerationEvents.PublishCancelAsync(bus, requestId);
        }

        return new RequestPayload(request, []);
    }
}

/// <summary>Who may cancel or delete a request: whoever made it, and admins.</summary>
internal static class RequestAccess
{
    public static readonly ForbiddenError Forbidden = new("Only whoever made this request, or an admin, may change it.");

    public static bool MayChange(GenerationRequest request, System.Security.Claims.ClaimsPrincipal? caller) =>
        caller.IsAdmin() || (caller.GetUserId() is { } id && id == request.RequestedById);
}
