using System.Net;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests;

/// <summary>IDEs (Banana Cake Pop) must be able to load the schema, anonymously in Development only.</summary>
public sealed class IntrospectionTests(IntrospectionTests.Hosts hosts) : IClassFixture<IntrospectionTests.Hosts>
{
    private const string FullIntrospection = IntrospectionDocuments.Standard;

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

    [Fact]
    public async Task The_IDE_feature_probe_is_answered()
    {
        using var client = Development.CreateGraphQLClient();
        var data = await client.QueryAsync(IntrospectionDocuments.IdeFeatureProbe);
        Assert.Contains(data.GetProperty("__type").GetProperty("fields").EnumerateArray(), f => f.Json("name") == "locations");
    }

    public static TheoryData<string> FanOuts => [.. IntrospectionDocuments.FanOuts.Keys];

    /// <summary>Before introspection had a budget, such documents answered with tens of megabytes (issue 9).</summary>
    [Theory]
    [MemberData(nameof(FanOuts))]
    public async Task A_fan_out_over_introspection_lists_is_refused_as_too_complex(string shape)
    {
        using var anonymous = Development.CreateGraphQLClient();
        var response = await anonymous.PostAsync(IntrospectionDocuments.FanOuts[shape]);

        Assert.True(response.Status == HttpStatusCode.BadRequest, $"{shape}: {(int)response.Status} {response.Body[..Math.Min(300, response.Body.Length)]}");
        Assert.False(response.HasData);
        Assert.Equal("COMPLEXITY", Assert.Single(response.ErrorCodes));
    }

    [Fact]
    public async Task A_fan_out_is_refused_to_a_member_in_production_too()
    {
        var member = await Production.CreateUserAsync();
        using var client = Production.CreateGraphQLClient(member.Token);
        var response = await client.PostAsync(IntrospectionDocuments.FanOuts["possibleTypes and interfaces chained 12 deep"]);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("COMPLEXITY", Assert.Single(response.ErrorCodes));
        Assert.Contains("introspection", response.Body, StringComparison.Ordinal);
    }

    /// <summary>
    /// The budget is counted by walking the schema's own lists, field by field: a field of the introspection types
    /// the walk does not know would be refused. Ask for every field of every introspection type at once.
    /// </summary>
    [Fact]
    public async Task Every_field_of_the_introspection_types_can_be_asked_for()
    {
        using var client = Development.CreateGraphQLClient();
        var selections = new Dictionary<string, string>();
        foreach (var type in new[] { "__Schema", "__Type", "__Field", "__InputValue", "__EnumValue", "__Directive" })
        {
            var fields = (await client.QueryAsync($$"""{ __type(name: "{{type}}") { fields(includeDeprecated: true) { name type { kind ofType { kind ofType { kind ofType { kind } } } } } } }"""))
                .GetProperty("__type").GetProperty("fields").EnumerateArray()
                .Select(f => (Name: f.Json("name"), Leaf: IsLeaf(f.GetProperty("type"))));
            selections[type] = string.Join(' ', fields.Select(f => f.Leaf ? f.Name : $"{f.Name} {{ __typename }}"));
        }

        var everything = $$"""
            {
              __schema {
                {{selections["__Schema"]}}
                types { {{selections["__Type"]}} allFields: fields(includeDeprecated: true) { {{selections["__Field"]}} args { {{selections["__InputValue"]}} } } allValues: enumValues(includeDeprecated: true) { {{selections["__EnumValue"]}} } }
                directives { {{selections["__Directive"]}} }
              }
            }
            """;
        var response = await client.PostAsync(everything);

        Assert.True(response.Status == HttpStatusCode.OK && response.Errors.Length == 0, response.Body[..Math.Min(500, response.Body.Length)]);

        static bool IsLeaf(System.Text.Json.JsonElement type) =>
            type.Json("kind") is "SCALAR" or "ENUM" || (type.TryGetProperty("ofType", out var inner) && inner.ValueKind != System.Text.Json.JsonValueKind.Null && IsLeaf(inner));
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
