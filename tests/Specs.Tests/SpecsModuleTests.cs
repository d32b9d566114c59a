namespace ProductDescriber.Specs.Tests;

public sealed class SpecsModuleTests
{
    [Fact]
    public void The_module_registers_into_a_service_collection()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Assert.Same(services, services.AddSpecsModule());
    }
}
