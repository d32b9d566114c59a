using ProductDescriber.GraphQLServer.Transport;

namespace ProductDescriber.Host.Tests.Http;

/// <summary>Content negotiation, the common Accept values (answered without parsing) and the rest alike.</summary>
public sealed class MediaTypesTests
{
    [Theory]
    [InlineData("application/json", "Json")]
    [InlineData("*/*", "Json")]
    [InlineData(null, "Json")]
    [InlineData("application/graphql-response+json", "GraphQLResponseJson")]
    [InlineData("application/graphql-response+json, application/json", "GraphQLResponseJson")]
    [InlineData("application/json, application/graphql-response+json", "Json")]
    [InlineData("application/graphql-response+json;q=0.5, application/json", "Json")]
    [InlineData("APPLICATION/GRAPHQL-RESPONSE+JSON", "GraphQLResponseJson")]
    [InlineData("text/event-stream", "EventStream")]
    [InlineData("text/html", null)]
    [InlineData("application/json;q=0", null)]
    public void The_client_s_first_type_we_can_produce_wins(string? accept, string? expected) =>
        Assert.Equal(expected, MediaTypes.Negotiate(accept)?.ToString());
}
