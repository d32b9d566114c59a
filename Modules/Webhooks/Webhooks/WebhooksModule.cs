using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ProductDescriber.BuildingBlocks.GraphQL.Schema;
using ProductDescriber.BuildingBlocks.Jobs;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.Webhooks.Contracts;
using ProductDescriber.Webhooks.Deliveries;
using ProductDescriber.Webhooks.Endpoints;
using ProductDescriber.Webhooks.Events;
using ProductDescriber.Webhooks.Persistence;
using ProductDescriber.Webhooks.Safety;
using ProductDescriber.Webhooks.Signing;

namespace ProductDescriber.Webhooks;

/// <summary>
/// Signed webhooks (Standard Webhooks) for the end states of analyses and generations: endpoints with their secrets,
/// events, and deliveries as durable jobs with retries (PostgreSQL schema <c>webhooks</c>). docs/adr/0034.
/// </summary>
public static class WebhooksModule
{
    public static IServiceCollection AddWebhooksModule(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<WebhooksOptions>().BindConfiguration(WebhooksOptions.Section).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<WebhooksOptions>, WebhooksOptionsSetup>();
        services.AddSingleton<IValidateOptions<WebhooksOptions>, WebhooksOptionsValidation>();

        services.AddModuleDbContext<WebhooksDbContext>(WebhooksDbContext.Schema);
        services.TryAddSingleton<IWebhookDns, SystemWebhookDns>();
        services.AddSingleton<UrlPolicy>();
        services.AddSingleton<SafeConnector>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<SecretProtector>();
        services.AddSingleton<IWebhookEvents, WebhookEvents>();
        services.AddScoped<RegisterWebhookHandler>();
        services.AddScoped<RotateWebhookSecretHandler>();
        services.AddScoped<EnableWebhookHandler>();
        services.AddScoped<DeleteWebhookHandler>();
        services.AddDurableJob<DeliveryJob, PendingDeliveries>(DeliveryJob.Kind);
        services.AddGraphQLContributionsFrom(typeof(WebhooksModule).Assembly);
        return services;
    }
}
