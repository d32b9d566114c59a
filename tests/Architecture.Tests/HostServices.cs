using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.Host;

namespace ProductDescriber.Architecture.Tests;

/// <summary>The Host's services composed exactly as Program composes them, without starting a server or a database.</summary>
internal static class HostServices
{
    public static WebApplication Build(Action<IServiceCollection>? alsoRegister = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.AddProductDescriber();
        alsoRegister?.Invoke(builder.Services);
        return builder.Build();
    }
}
