using ProductDescriber.Catalog;
using ProductDescriber.Identity;

namespace ProductDescriber.Host;

/// <summary>The one place that names the modules: adding a module adds its line here and nothing else.</summary>
internal static class Modules
{
    public static IServiceCollection AddModules(this IServiceCollection services) => services
        .AddIdentityModule()
        .AddCatalogModule();
}
