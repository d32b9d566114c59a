using System.Runtime.CompilerServices;
using System.Text;
using GraphQL;

namespace ProductDescriber.GraphQLServer.Transport;

/// <summary>
/// A subscription event's result as JSON text, serialized once however many subscribers it goes to: a render shared
/// between subscribers (docs/adr/0036) is one result object.
/// </summary>
internal static class EventText
{
    private static readonly ConditionalWeakTable<ExecutionResult, Lazy<string>> Texts = [];
    private static readonly ConditionalWeakTable<ExecutionResult, Lazy<byte[]>> Utf8Texts = [];

    public static string Of(ExecutionResult result, IGraphQLTextSerializer serializer) =>
        Texts.TryGetValue(result, out var text)
            ? text.Value
            : Texts.GetValue(result, r => new Lazy<string>(() => serializer.Serialize(r))).Value;

    /// <summary>The same text as UTF-8, also made once per result: what a WebSocket frame carries.</summary>
    public static byte[] Utf8Of(ExecutionResult result, IGraphQLTextSerializer serializer) =>
        Utf8Texts.TryGetValue(result, out var bytes)
            ? bytes.Value
            : Utf8Texts.GetValue(result, r => new Lazy<byte[]>(() => Encoding.UTF8.GetBytes(Of(r, serializer)))).Value;
}
