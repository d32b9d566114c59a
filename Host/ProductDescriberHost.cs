using System.Text.Encodings.Web;
using GraphQL;
using GraphQL.Execution;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.BuildingBlocks.GraphQL.Schema;
using ProductDescriber.Host.Database;
using ProductDescriber.Host.Events;
using ProductDescriber.Host.GraphQL;
using ProductDescriber.Host.GraphQL.Authorization;
using ProductDescriber.Host.GraphQL.Sessions;
using ProductDescriber.Host.GraphQL.Transport;
using ProductDescriber.Host.GraphQL.Uploads;
using ProductDescriber.Host.GraphQL.WebSockets;
using ProductDescriber.Host.Health;
using ProductDescriber.Host.Ide;
using ProductDescriber.Host.Providers;
using ProductDescriber.Host.Storage;
using ProductDescriber.Host.Telemetry;

namespace ProductDescriber.Host;

/// <summary>The composition root: the Host's own services and pipeline; the modules bring the rest.</summary>
public static class ProductDescriberHost
{
    public static WebApplicationBuilder AddProductDescriber(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var environment = builder.Environment;

        // Hosted services start in this order and stop in reverse: the database first up, last down.
        services.AddSingleton<DatabaseConnection>();
        services.AddHostedService<DatabaseStartup>();
        services.AddSingleton(provider => provider.GetRequiredService<DatabaseConnection>().DataSource);
        services.AddHostedService<MigrationStartup>();
        services.AddSingleton<PostgresEventBus>();
        services.AddSingleton<IEventBus>(provider => provider.GetRequiredService<PostgresEventBus>());
        services.AddHostedService(provider => provider.GetRequiredService<PostgresEventBus>());

        services.AddFileStorage();
        services.AddModules();
        services.AddAiProviders(configuration, environment);
        services.AddGraphQLContributionsFrom(typeof(GlobalId).Assembly);
        services.AddGraphQLServer(configuration, environment);
        services.AddHealthEndpoints();
        services.AddBananaCakePop();
        services.AddSingleton<StartupBanner>();
        services.AddAuthorization();
        services.AddTelemetry(configuration);
        return builder;
    }

    public static WebApplication UseProductDescriber(this WebApplication app)
    {
        app.UseMiddleware<DatabaseOutageMiddleware>();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.UseAuthentication();
        app.UseBananaCakePop(GraphQLEndpoint.Path);
        app.MapGraphQL();
        app.MapHealthEndpoints();
        app.MapFiles();
        app.Lifetime.ApplicationStarted.Register(() => app.Services.GetRequiredService<StartupBanner>().Print());
        return app;
    }

    private static void AddGraphQLServer(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.Configure<GraphQLServerOptions>(configuration.GetSection("GraphQL"));
        services.PostConfigure<GraphQLServerOptions>(options => options.Introspection ??=
            environment.IsDevelopment() ? IntrospectionAccess.Anonymous : IntrospectionAccess.Authenticated);
        services.Configure<UploadOptions>(configuration.GetSection("Uploads"));
        services.PostConfigure<UploadOptions>(options =>
        {
            if (long.TryParse(configuration["MAX_UPLOAD_SIZE_BYTES"], out var maxBytes))
            {
                options.MaxFileBytes = maxBytes;
            }
        });
        services.Configure<GraphQLWebSocketOptions>(configuration.GetSection("WebSockets"));

        var limits = configuration.GetSection("GraphQL").Get<GraphQLServerOptions>() ?? new GraphQLServerOptions();
        services.AddGraphQL(graphQL => graphQL
            .AddSchema<AppSchema>()
            .AddSystemTextJson(json => json.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping)
            .AddErrorInfoProvider(options => options.ExposeExceptionDetails = environment.IsDevelopment())
            .AddUnhandledExceptionHandler(context =>
            {
                if (DatabaseOutage.IsCause(context.OriginalException))
                {
                    context.Exception = new DatabaseUnavailableError();
                }
            })
            .AddComplexityAnalyzer(options =>
            {
                options.MaxDepth = limits.MaxDepth;
                options.MaxComplexity = limits.MaxComplexity;
                options.LeaveIntrospectionToItsOwnBudget();
            })
            .AddValidationRule<OperationNameRule>()
            .AddValidationRule<AuthorizationRule>()
            .AddValidationRule<IntrospectionSizeRule>()
            .AddScopedSubscriptionExecutionStrategy()
            .ConfigureExecution<DocumentCache>()
            .WithTimeout(TimeSpan.FromSeconds(limits.ExecutionTimeoutSeconds)));
        // The parser recurses per nesting level (capped so a pathological document fails fast instead of exhausting
        // the stack), and oversized documents are refused right after parsing, before validation (ADR 0012).
        services.AddSingleton<IDocumentBuilder, SizeCheckedDocumentBuilder>();

        services.AddSingleton<GraphQLExecutor>();
        services.AddSingleton<GraphQLHttpHandler>();
        services.AddSingleton<MultipartRequestReader>();
        services.AddSingleton<UploadBudget>();
        services.AddSingleton<UploadFolder>();
        services.AddHostedService(provider => provider.GetRequiredService<UploadFolder>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SseResponder>();
        services.AddSingleton<GraphQLWebSocketHandler>();
        services.AddSingleton<LiveConnections>();
        services.AddHostedService<SessionRevocationListener>();
    }
}
