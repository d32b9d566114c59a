using GraphQL.Types;
using ProductDescriber.BuildingBlocks.Hosting;

namespace ProductDescriber.GraphQLServer;

/// <summary>
/// Assembles the schema while the Host starts, not on the first request, so that a broken contribution (an
/// extension of a type no module defines, two fields of one name) stops the Host with its reason instead of failing
/// every request. The assembly is pure CPU work that needs no database (resolvers take their services per request),
/// so it begins before the first hosted service starts and runs beside the database's start and migrations; this
/// service's start waits for it, so the Host listens only with the schema built (docs/adr/0041).
/// </summary>
internal sealed class SchemaStartup(IServiceProvider services, StartupTimeline timeline) : StartingStageService
{
    private Task? _building;

    public override Task StartingAsync(CancellationToken cancellationToken)
    {
        _building = RunOnOwnThread(Build);
        return Task.CompletedTask;
    }

    public override Task StartAsync(CancellationToken cancellationToken) => (_building ??= RunOnOwnThread(Build)).WaitAsync(cancellationToken);

    private void Build()
    {
        services.GetRequiredService<ISchema>().Initialize();
        timeline.Mark("GraphQL schema built (beside the database's start)");
    }
}
