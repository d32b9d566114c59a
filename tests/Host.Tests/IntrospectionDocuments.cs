namespace ProductDescriber.Host.Tests;

/// <summary>Introspection documents IDEs send, and ones that abuse introspection's fan-out.</summary>
internal static class IntrospectionDocuments
{
    /// <summary>
    /// graphql-js 16's <c>getIntrospectionQuery</c> with every option this schema answers (descriptions, schema
    /// description, isOneOf) and its nine levels of <c>ofType</c>: a superset of what Banana Cake Pop sends (six
    /// levels). GraphQL.NET leaves <c>isRepeatable</c>, <c>specifiedByURL</c> and input value deprecation off unless
    /// switched on; IDEs probe for them first (<see cref="IdeFeatureProbe"/>).
    /// </summary>
    public const string Standard = """
        query IntrospectionQuery {
          __schema {
            description
            queryType { name kind } mutationType { name kind } subscriptionType { name kind }
            types { ...FullType }
            directives { name description locations args { ...InputValue } }
          }
        }
        fragment FullType on __Type {
          kind name description isOneOf
          fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
          inputFields { ...InputValue }
          interfaces { ...TypeRef }
          enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
          possibleTypes { ...TypeRef }
        }
        fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
        fragment TypeRef on __Type {
          kind name
          ofType { name kind ofType { name kind ofType { name kind ofType { name kind ofType { name kind ofType { name kind ofType { name kind ofType { name kind ofType { name kind } } } } } } } } }
        }
        """;

    /// <summary>Banana Cake Pop's first requests: which introspection fields the server has.</summary>
    public const string IdeFeatureProbe = """query IntrospectionQuery { __type(name: "__Directive") { name fields { name } } }""";

    /// <summary>Documents within the depth limit whose introspection answers would be huge (from 90,000 to 13 million values).</summary>
    public static Dictionary<string, string> FanOuts => new()
    {
        // Interfaces lead to their implementations and back, multiplying at every second level.
        ["possibleTypes and interfaces chained 12 deep"] = "{ __schema { types { " + Chain(12, "name kind description") + " } } }",
        ["the same chain from __type"] = """{ __type(name: "Error") { """ + Chain(13, "name kind") + " } }",

        // The type list with its fields, asked again under 100 aliases.
        ["the type list under 100 aliases"] = "{ " + string.Join(' ', Enumerable.Range(0, 100).Select(i => $"a{i}: __schema {{ types {{ name fields {{ name type {{ name }} }} }} }}")) + " }",

        // The shape: fragments each spreading the next under both lists, 13 levels (fields limit too).
        ["fragments fanning out over possibleTypes and interfaces"] = "{ __schema { types { ...L0 } } } "
            + string.Concat(Enumerable.Range(0, 12).Select(i => $"fragment L{i} on __Type {{ name possibleTypes {{ ...L{i + 1} }} interfaces {{ ...L{i + 1} }} }} "))
            + "fragment L12 on __Type { name kind description }",
    };

    /// <summary><c>possibleTypes { interfaces { possibleTypes { ... } } }</c>, <paramref name="levels"/> lists deep.</summary>
    public static string Chain(int levels, string leaves)
    {
        var names = Enumerable.Range(0, levels).Select(i => i % 2 == 0 ? "possibleTypes" : "interfaces").ToList();
        return string.Concat(names.Select(n => n + " { ")) + leaves + string.Concat(names.Select(_ => " }"));
    }
}
