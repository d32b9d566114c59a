using ProductDescriber.BuildingBlocks.Hosting;
using ProductDescriber.GraphQLServer;
using ProductDescriber.Host.Telemetry;
using ProductDescriber.Jobs;
using ProductDescriber.PostgreSQL;
using ProductDescriber.ProviderHosting;
using ProductDescriber.Storage;

namespace ProductDescriber.Host;

/// <summary>The composition root: the infrastructure, then the modules, then the pipeline. Nothing else lives here.</summary>
public static class ProductDescriberHost
{
    public static WebApplicationBuilder AddProductDescriber(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var environment = builder.Environment;

        // First: its hosted service marks when the services are built, before any other starts.
        var timeline = services.AddStartupTimeline();

        // Next: hosted services start in registration order, and the database must be up (and migrated) before the rest.
        services.AddPostgreSQL(configuration, environment, timeline);
        services.AddDurableJobs(configuration);
        services.AddFileStorage();
        services.AddModules();
        services.AddAiProviders(typeof(ProductDescriberHost).Assembly, configuration, environment);
        services.AddGraphQLServer(configuration, environment);
        services.AddSingleton<StartupBanner>();
        services.AddAuthorization();
        services.AddTelemetry(configuration);
        timeline.Mark("services registered (AI provider modules loaded)");
        return builder;
    }

    public static WebApplication UseProductDescriber(this WebApplication app)
    {
        ConfigurationCheck.Run(app.Services);
        app.UseStartupTimeline(GraphQLServerRegistration.Path);
        app.UseGraphQLTransport();
        app.UseAuthentication();
        app.MapGraphQLServer();
        app.MapDatabaseHealth();
        app.MapFileLinks();
        app.Lifetime.ApplicationStarted.Register(() => app.Services.GetRequiredService<StartupBanner>().Print());
        return app;
    }
}
