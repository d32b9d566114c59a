using System.Runtime.CompilerServices;
using GraphQL;
using GraphQL.Execution;
using GraphQL.MicrosoftDI;
using ProductDescriber.BuildingBlocks.Diagnostics;
using ExecutionContext = GraphQL.Execution.ExecutionContext;

namespace ProductDescriber.GraphQLServer.Execution;

/// <summary>
/// Runs subscriptions, rendering each event once for every subscriber who asked the same thing (docs/adr/0036).
/// Subscribers of a shared live state (docs/adr/0031) get the same event object; without this, a thousand of them
/// run the same selection on it a thousand times. A render is reused for another subscriber when the document,
/// operation and variables are the same and either the render never looked at who asked (the caller's principal is
/// watched while it runs) or the other subscriber is the same caller. Reuse is limited to
/// <see cref="ReuseWindow"/> after the render, so what a render read at its time (signed links, loaded rows) is
/// never handed out long after.
/// </summary>
internal sealed class SharedEventRendering(IServiceScopeFactory scopes, TimeProvider time)
    : ScopedSubscriptionExecutionStrategy(scopes)
{
    /// <summary>How long after a render other subscribers may get it instead of their own.</summary>
    public static readonly TimeSpan ReuseWindow = TimeSpan.FromSeconds(1);

    // Keyed by the event object itself: renders live no longer than the event, and events from different sources
    // never meet.
    private readonly ConditionalWeakTable<object, EventRenders> _renders = [];

    protected override async ValueTask<ExecutionResult> ProcessDataAsync(ExecutionContext context, ExecutionNode node, object? value)
    {
        // An event object is one event: sources that hand the same object to many subscribers (a shared live state)
        // never emit it again for a later change. Strings and boxed values could be the same object for two events
        // (interned literals, cached boxes), so they are rendered per subscriber.
        if (value is null or string || value.GetType().IsValueType || context.User is null)
        {
            return await base.ProcessDataAsync(context, node, value);
        }

        var renders = _renders.GetOrCreateValue(value);
        var asked = new AskedFor(context.Document, context.Operation.Name?.StringValue, context.Variables, context.User);
        var now = time.GetTimestamp();
        if (renders.Find(asked, now, time) is { } earlier && await FittingAsync(earlier.Result, asked) is { } reused)
        {
            AppTelemetry.SubscriptionRenders.Add(1, new KeyValuePair<string, object?>("reused", true));
            return reused.Result;
        }

        var started = new TaskCompletionSource<Render>(TaskCreationOptions.RunContinuationsAsynchronously);
        var entry = renders.Add(asked, now, started.Task, time);
        try
        {
            var caller = new WatchedPrincipal(context.User);
            context.User = caller;
            var result = await base.ProcessDataAsync(context, node, value);
            started.SetResult(new Render(result, asked, caller.WasConsulted));
            AppTelemetry.SubscriptionRenders.Add(1, new KeyValuePair<string, object?>("reused", false));
            return result;
        }
        catch (Exception exception)
        {
            // Nobody reuses a render that failed: the others render their own.
            renders.Remove(entry);
            started.SetException(exception);
            throw;
        }
    }

    /// <summary>The earlier render if it answers <paramref name="asked"/> too; null when it does not or failed.</summary>
    private static async Task<Render?> FittingAsync(Task<Render> earlier, AskedFor asked)
    {
        try
        {
            var render = await earlier;
            return render.Fits(asked) ? render : null;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return null;
        }
    }
}
