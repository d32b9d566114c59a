using ProductDescriber.Catalog;
using ProductDescriber.Costs;
using ProductDescriber.Generation;
using ProductDescriber.Identity;
using ProductDescriber.Specs;
using ProductDescriber.Webhooks;

namespace ProductDescriber.Host;

/// <summary>
/// The one place that names the modules: adding a module adds its line here and nothing else. The list is in
/// dependency order (a module comes after every module whose Contracts it uses), and that order is also the order
/// their migrations are applied in and their schemas are checked in (docs/adr/0020-module-migration-order.md).
/// </summary>
internal static class Modules
{
    public static IServiceCollection AddModules(this IServiceCollection services) => services
        .AddIdentityModule()
        .AddCatalogModule()
        .AddWebhooksModule()
        .AddSpecsModule()
        .AddGenerationModule()
        .AddCostsModule();
}
