using System.Text.Encodings.Web;
using GraphQL;
using GraphQL.Execution;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.BuildingBlocks.GraphQL.Schema;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.GraphQLServer.Execution;
using ProductDescriber.GraphQLServer.Ide;
using ProductDescriber.GraphQLServer.Sessions;
using ProductDescriber.GraphQLServer.Transport;
using ProductDescriber.GraphQLServer.Uploads;
using ProductDescriber.GraphQLServer.Validation;
using ProductDescriber.GraphQLServer.WebSockets;

namespace ProductDescriber.GraphQLServer;

/// <summary>
/// The GraphQL server the Host wires: the schema assembled from every contribution, the rules, and the transport on
/// <see cref="Path"/> (HTTP, WebSocket, SSE, multipart) with the Banana Cake Pop IDE beside it.
/// </summary>
public static class GraphQLServerRegistration
{
    /// <summary>Where the API and the IDE are served.</summary>
    public const string Path = GraphQLEndpoint.Path;

    public static IServiceCollection AddGraphQLServer(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
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
            // Every request's rules in the one order ValidationRuleSet gives (ADR 0021); the cache then leaves out
            // only the specification's for a document it validated before.
            .ConfigureExecutionOptions(options => Resolve<ValidationRuleSet>(options).Apply(options))
            .ConfigureExecution((options, next) => Resolve<DocumentCache>(options).ExecuteAsync(options, next))
            .AddExecutionStrategy<SharedEventRendering>(GraphQLParser.AST.OperationType.Subscription)
            .WithTimeout(TimeSpan.FromSeconds(limits.ExecutionTimeoutSeconds)));
        services.AddSingleton<ValidationRuleSet>();
        services.AddSingleton<DocumentCache>();
        // The parser recurses per nesting level (capped so a pathological document fails fast instead of exhausting
        // the stack), and oversized documents are refused right after parsing, before validation (ADR 0012).
        services.AddSingleton<IDocumentBuilder, SizeCheckedDocumentBuilder>();
        // A repeated query from the same kind of caller skips validation it passed before (ADR 0045).
        services.AddSingleton<ValidationOutcomeCache>();
        services.AddSingleton<GraphQL.Validation.IDocumentValidator>(provider => provider.GetRequiredService<ValidationOutcomeCache>());
        services.AddGraphQLContributionsFrom(typeof(GlobalId).Assembly);
        services.AddHostedService<SchemaStartup>();

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
        services.AddBananaCakePop();
        return services;
    }

    private static T Resolve<T>(ExecutionOptions options) where T : notnull =>
        (options.RequestServices ?? throw new InvalidOperationException("Every GraphQL execution here carries its request's services.")).GetRequiredService<T>();

    /// <summary>
    /// First in the pipeline: a database outage anywhere behind it is answered 503 with a GraphQL error body, and
    /// WebSocket upgrades are accepted (with keep-alive pings).
    /// </summary>
    public static IApplicationBuilder UseGraphQLTransport(this IApplicationBuilder app)
    {
        app.UseMiddleware<DatabaseOutageMiddleware>();
        app.UseWebSockets(new Microsoft.AspNetCore.Builder.WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        return app;
    }

    /// <summary>After authentication: the IDE and the GraphQL endpoint on <see cref="Path"/>.</summary>
    public static WebApplication MapGraphQLServer(this WebApplication app)
    {
        app.UseBananaCakePop(Path);
        app.MapGraphQL();
        return app;
    }
}
