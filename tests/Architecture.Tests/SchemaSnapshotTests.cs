using GraphQL;
using GraphQL.Types;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.Host;
using Snapshooter.Xunit;

namespace ProductDescriber.Architecture.Tests;

/// <summary>
/// The printed SDL is the public contract: any change to it shows up as a snapshot diff to review and commit.
/// The schema is assembled exactly as the Host does it, without starting a server or a database.
/// </summary>
public sealed class SchemaSnapshotTests
{
    [Fact]
    public async Task Schema_matches_the_snapshot()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.AddProductDescriber();
        await using var app = builder.Build();
        var schema = app.Services.GetRequiredService<ISchema>();
        schema.Initialize();
        Snapshot.Match(schema.Print(), "schema.graphql");
    }
}
