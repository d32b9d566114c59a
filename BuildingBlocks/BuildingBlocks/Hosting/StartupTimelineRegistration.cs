using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ProductDescriber.BuildingBlocks.Hosting;

/// <summary>Wires the <see cref="StartupTimeline"/>: its marks of the Host's own stages, and of the first requests.</summary>
public static class StartupTimelineRegistration
{
    /// <summary>
    /// Call first, before anything that registers hosted services: its hosted service must be the first to start so
    /// that its "services built" mark comes before every other service's start.
    /// </summary>
    public static StartupTimeline AddStartupTimeline(this IServiceCollection services)
    {
        var timeline = new StartupTimeline();
        timeline.Mark("configuration read");
        services.AddSingleton(timeline);
        services.AddHostedService<StartupTimelineStages>();
        return timeline;
    }

    /// <summary>First in the pipeline: marks the first answered request and the first GraphQL one, then costs one check per request.</summary>
    public static IApplicationBuilder UseStartupTimeline(this IApplicationBuilder app, string graphQLPath)
    {
        var timeline = app.ApplicationServices.GetRequiredService<StartupTimeline>();
        return app.Use((context, next) => timeline.WatchesRequests ? MarkAfterAsync(timeline, context, next, graphQLPath) : next(context));
    }

    private static async Task MarkAfterAsync(StartupTimeline timeline, HttpContext context, RequestDelegate next, string graphQLPath)
    {
        await next(context);
        timeline.MarkAnswered(context.Request.Path.Value ?? "/", context.Response.StatusCode, graphQLPath);
    }

    /// <summary>Starts before the other hosted services (lifecycle "starting" runs before any start) and marks the server listening.</summary>
    private sealed class StartupTimelineStages(StartupTimeline timeline, ILoggerFactory loggers, IHostApplicationLifetime lifetime) : StartingStageService
    {
        public override Task StartingAsync(CancellationToken cancellationToken)
        {
            timeline.Attach(loggers);
            timeline.Mark("services built");
            lifetime.ApplicationStarted.Register(() => timeline.Mark("listening (Kestrel started)"));
            return Task.CompletedTask;
        }
    }
}
