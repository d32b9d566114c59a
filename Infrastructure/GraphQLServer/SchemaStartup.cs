using GraphQL.Types;

namespace ProductDescriber.GraphQLServer;

/// <summary>
/// Assembles the schema while the Host starts, not on the first request, so that a broken contribution (an
/// extension of a type no module defines, two fields of one name) stops the Host with its reason instead of failing
/// every request. Resolved here, not injected: contributors may need services that work only once the database,
/// started by an earlier hosted service, is up.
/// </summary>
internal sealed class SchemaStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<ISchema>().Initialize();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
