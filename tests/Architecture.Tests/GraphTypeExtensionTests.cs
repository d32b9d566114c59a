using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.GraphQL.Schema;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Architecture.Tests;

/// <summary>
/// A module adds fields to another module's type by the type's GraphQL name (<see cref="IGraphTypeExtension"/>),
/// never through the owner's graph type classes: Specs will add <c>Product.activeSpecification</c> this way. A
/// test-only extension, registered as a module's would be, shows up in the printed schema and resolves over HTTP; an
/// extension of a type the schema does not have stops the Host at start, naming itself.
/// </summary>
public sealed class GraphTypeExtensionTests
{
    [Fact]
    public async Task An_extension_adds_its_field_to_another_modules_type_in_the_schema()
    {
        await using var app = HostServices.Build(services => services.AddSingleton<IGraphTypeExtension, ProductTestExtension>());
        var schema = app.Services.GetRequiredService<ISchema>();
        schema.Initialize();

        var product = Assert.IsAssignableFrom<IObjectGraphType>(schema.AllTypes[CatalogGraphTypes.Product]);
        Assert.Equal("String!", product.GetField(ProductTestExtension.Field)?.ResolvedType?.ToString());
        var printed = schema.Print();
        var productType = printed[printed.IndexOf("type Product implements Node {", StringComparison.Ordinal)..];
        Assert.Contains($"\n  {ProductTestExtension.Field}: String!\n", productType[..(productType.IndexOf("\n}", StringComparison.Ordinal) + 1)], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_added_field_resolves_on_the_owners_objects()
    {
        await using var host = await TestHost.StartAsync("type_extension", services: services => services.AddSingleton<IGraphTypeExtension, ProductTestExtension>());
        using var admin = await host.AdminAsync();
        var created = await admin.QueryAsync("mutation { createProduct(input: {name: \"Extended Bottle\"}) { product { id } } }");

        var product = (await admin.QueryAsync(
            "query($id: ID!) { product(id: $id) { slug testExtension } }",
            new { id = created.Json("createProduct", "product", "id") })).GetProperty("product");

        Assert.Equal("extended-bottle", product.Json("slug"));
        Assert.Equal("extended-bottle, as another module sees it", product.Json(ProductTestExtension.Field));
    }

    [Theory]
    [InlineData("NoSuchType")]
    [InlineData("Node")]
    public async Task An_extension_of_a_type_the_schema_lacks_is_refused(string typeName)
    {
        await using var app = HostServices.Build(services => services.AddSingleton<IGraphTypeExtension>(new NamedTypeExtension(typeName)));
        var schema = app.Services.GetRequiredService<ISchema>();

        var refusal = Assert.Throws<InvalidOperationException>(schema.Initialize);

        Assert.Equal($"{typeof(NamedTypeExtension).FullName} extends type '{typeName}', which is not an object type of the schema.", refusal.Message);
    }

    [Fact]
    public async Task The_host_does_not_start_with_an_extension_of_an_unknown_type()
    {
        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => ProgramHost.StartAndStopAsync(
            "Development",
            new Dictionary<string, string?>(),
            services => services.AddSingleton<IGraphTypeExtension>(new NamedTypeExtension("Prodcut"))));

        Assert.Contains("extends type 'Prodcut', which is not an object type of the schema.", refusal.Message, StringComparison.Ordinal);
    }
}

/// <summary>Written as another module would: the type's name from Catalog.Contracts, the object as Catalog.Contracts' <see cref="ProductInfo"/>.</summary>
internal sealed class ProductTestExtension : IGraphTypeExtension
{
    public const string Field = "testExtension";

    public string TypeName => CatalogGraphTypes.Product;

    public void Extend(IObjectGraphType type) => type.AddField(new FieldType
    {
        Name = Field,
        Description = "Added by a test from outside Catalog.",
        Type = typeof(NonNullGraphType<StringGraphType>),
        Resolver = new FuncFieldResolver<ProductInfo, string>(context => $"{context.Source.Slug}, as another module sees it"),
    });
}

internal sealed class NamedTypeExtension(string typeName) : IGraphTypeExtension
{
    public string TypeName => typeName;

    public void Extend(IObjectGraphType type) => type.AddField(new FieldType { Name = "lost", Type = typeof(StringGraphType) });
}
