using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
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
        await using var app = HostServices.Build();
        var schema = app.Services.GetRequiredService<ISchema>();
        schema.Initialize();
        Snapshot.Match(schema.Print(), "schema.graphql");
    }
}
