using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.BuildingBlocks.Hosting;
using ProductDescriber.PostgreSQL.Connection;
using ProductDescriber.PostgreSQL.Events;
using ProductDescriber.PostgreSQL.Health;
using ProductDescriber.PostgreSQL.Migrations;

namespace ProductDescriber.PostgreSQL;

/// <summary>The PostgreSQL infrastructure the Host wires: connection (or private cluster), migrations, event bus, health.</summary>
public static class PostgreSQLRegistration
{
    /// <summary>
    /// Call before anything else that registers hosted services: hosted services start in registration order and
    /// stop in reverse, so the database is the first up and the last down, and migrations run before the modules start.
    /// Call it early too: without a configured database, the private cluster starts from here, beside the rest of the
    /// Host's registration and build.
    /// </summary>
    public static IServiceCollection AddPostgreSQL(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, StartupTimeline timeline)
    {
        services.AddSingleton(DatabaseLaunch.Begin(configuration, environment, timeline));
        services.AddSingleton<DatabaseConnection>();
        services.AddHostedService<DatabaseStartup>();
        services.AddSingleton(provider => provider.GetRequiredService<DatabaseConnection>().DataSource);
        services.AddHostedService<MigrationStartup>();
        services.AddSingleton<PostgresEventBus>();
        services.AddSingleton<IEventBus>(provider => provider.GetRequiredService<PostgresEventBus>());
        services.AddHostedService(provider => provider.GetRequiredService<PostgresEventBus>());
        services.AddHealthEndpoints();
        return services;
    }

    /// <summary><c>/health/live</c> and <c>/health/ready</c>.</summary>
    public static IEndpointRouteBuilder MapDatabaseHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthEndpoints();
        return endpoints;
    }

    /// <summary>Where other tools reach the private cluster this process started; null with a configured database.</summary>
    public static PrivateClusterAddress? FindPrivateCluster(this IServiceProvider services) =>
        services.GetRequiredService<DatabaseConnection>().PrivateCluster;
}
