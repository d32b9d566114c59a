using System.Reflection;
using ProductDescriber.BuildingBlocks.GraphQL.Schema;
using ProductDescriber.BuildingBlocks.Hosting;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.ProviderHosting;

public static class AiProviderRegistration
{
    /// <summary>
    /// Registers every provider module found (see <see cref="AiProviderModules"/>), the registry and the
    /// <c>providers</c> query. Fails at once, naming the path or the module, when a plugin cannot be loaded or a
    /// module cannot register.
    /// Built-in providers are the ProductDescriber assemblies <paramref name="host"/> is built with.
    /// </summary>
    public static IServiceCollection AddAiProviders(
        this IServiceCollection services, Assembly host, IConfiguration configuration, IHostEnvironment environment)
    {
        foreach (var (module, source, _) in AiProviderModules.Find(host, configuration, environment.ContentRootPath))
        {
            try
            {
                module.Register(services, configuration);
            }
            catch (ProviderConfigurationException e)
            {
                throw new ProviderConfigurationException(Refusal(module, source, e), e, e.Settings);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
            {
                // What a module throws for settings it cannot work with (docs/writing-a-provider.md, section 3).
                throw new ProviderConfigurationException(Refusal(module, source, e), e);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException(Refusal(module, source, e), e);
            }
        }

        services.AddSingleton<IAiProviderRegistry, AiProviderRegistry>();
        services.AddHostedService<AiProviderStartup>();
        services.AddGraphQLContributionsFrom(typeof(AiProviderRegistration).Assembly);
        return services;
    }

    private static string Refusal(IAiProviderModule module, string source, Exception e) =>
        $"The AI provider module '{module.Name}' ({source}) could not register: {e.Message}";
}

/// <summary>Builds the registry while the Host starts, so a duplicate name or a bad default refuses start-up.</summary>
internal sealed class AiProviderStartup(IAiProviderRegistry registry, StartupTimeline timeline, ILogger<AiProviderStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation(
            "AI providers: {Providers}",
            registry.Providers.Count == 0 ? "none" : string.Join(", ", registry.Providers.Select(d => d.IsConfigured ? d.Name : d.Name + " (not configured)")));
        timeline.Mark("AI provider registry built");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
