using System.Net;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests;

/// <summary>IDEs (Banana Cake Pop) must be able to load the schema, anonymously in Development only.</summary>
public sealed class IntrospectionTests(IntrospectionTests.Hosts hosts) : IClassFixture<IntrospectionTests.Hosts>
{
    /// <summary>The standard full introspection query of graphql-js (what IDEs send), with deep type references.</summary>
    private const string FullIntrospection = """
        query IntrospectionQuery {
          __schema {
            queryType { name } mutationType { name } subscriptionType { name }
            types { ...FullType }
            directives { name description locations args { ...InputValue } }
          }
        }
        fragment FullType on __Type {
          kind name description
          fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
          inputFields { ...InputValue }
          interfaces { ...TypeRef }
          enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
          possibleTypes { ...TypeRef }
        }
        fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
        fragment TypeRef on __Type {
          kind name
          ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
        }
        """;

    private TestHost Development => hosts.Development;

    private TestHost Production => hosts.Production;

    [Fact]
    public async Task The_full_introspection_query_is_answered_anonymously_in_development()
    {
        using var client = Development.CreateGraphQLClient();
        var data = await client.QueryAsync(FullIntrospection);
        Assert.Equal("Query", data.Json("__schema", "queryType", "name"));
        Assert.Contains(data.GetProperty("__schema").GetProperty("types").EnumerateArray(), t => t.Json("name") == "User");
    }

    [Fact]
    public async Task Introspection_needs_a_token_outside_development()
    {
        using var anonymous = Production.CreateGraphQLClient();
        var refused = await anonymous.PostAsync(FullIntrospection);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal("UNAUTHENTICATED", Assert.Single(refused.ErrorCodes));

        using var admin = await Production.AdminAsync();
        var data = await admin.QueryAsync(FullIntrospection);
        Assert.Equal("Query", data.Json("__schema", "queryType", "name"));
    }

    [Fact]
    public async Task An_alias_flood_of_data_fields_is_still_refused_as_too_complex()
    {
        using var admin = await Development.AdminAsync();
        var flood = string.Join(' ', Enumerable.Range(0, 10_000).Select(i => $"m{i}: me {{ username }}"));
        var response = await admin.PostAsync($"{{ {flood} }}");
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("COMPLEXITY", response.ErrorCodes);
    }

    /// <summary>A Development and a Production host, shared by the tests of this class.</summary>
    public sealed class Hosts : IAsyncLifetime
    {
        public TestHost Development { get; private set; } = null!;

        public TestHost Production { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Development = await TestHost.StartAsync("introspect_dev");
            Production = await TestHost.StartAsync("introspect_prod", new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Production" });
        }

        public async Task DisposeAsync()
        {
            await Development.DisposeAsync();
            await Production.DisposeAsync();
        }
    }
}
