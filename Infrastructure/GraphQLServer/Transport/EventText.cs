using System.Runtime.CompilerServices;
using GraphQL;

namespace ProductDescriber.GraphQLServer.Transport;

/// <summary>
/// A subscription event's result as JSON text, serialized once however many subscribers it goes to: a render shared
/// between subscribers (docs/adr/0036) is one result object.
/// </summary>
internal static class EventText
{
    private static readonly ConditionalWeakTable<ExecutionResult, Lazy<string>> Texts = [];

    public static string Of(ExecutionResult result, IGraphQLTextSerializer serializer) =>
        Texts.TryGetValue(result, out var text)
            ? text.Value
            : Texts.GetValue(result, r => new Lazy<string>(() => serializer.Serialize(r))).Value;
}
