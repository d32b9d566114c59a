namespace ProductDescriber.BuildingBlocks.Hosting;

/// <summary>Start-up data a module needs (e.g. the first admin); runs after every module's migrations, idempotently.</summary>
public interface IModuleSeeder
{
    Task SeedAsync(CancellationToken cancellationToken);
}
