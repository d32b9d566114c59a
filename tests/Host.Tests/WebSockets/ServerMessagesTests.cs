using System.Text;
using System.Text.Json;
using ProductDescriber.GraphQLServer.WebSockets;

namespace ProductDescriber.Host.Tests.WebSockets;

/// <summary>
/// A subscription's <c>next</c> frames are put together from a prefix made once per subscription and the event's
/// shared UTF-8 text: they must be byte for byte the message written whole, whatever the client chose as its id.
/// </summary>
public sealed class ServerMessagesTests
{
    private const string Result = """{"data":{"productActivity":{"id":"R1","status":"RUNNING","note":"é \"quoted\" \u2028"}}}""";

    [Theory]
    [InlineData("1")]
    [InlineData("0b4a7a53-9f69-4b1e-8d0e-3c0b8a4f6f11")]
    [InlineData("with \"quotes\" and \\ backslash")]
    [InlineData("ünïcødé </script> \u0001")]
    public void A_next_frame_from_the_prefix_is_the_message_written_whole(string id)
    {
        var whole = ServerMessages.Next(id, Result);

        var framed = ServerMessages.Next(ServerMessages.NextPrefix(id), Encoding.UTF8.GetBytes(Result));

        Assert.Equal(Encoding.UTF8.GetString(whole), Encoding.UTF8.GetString(framed));
        Assert.Equal(whole, framed);
        using var message = JsonDocument.Parse(framed);
        Assert.Equal(id, message.RootElement.GetProperty("id").GetString());
        Assert.Equal("next", message.RootElement.GetProperty("type").GetString());
        Assert.Equal("RUNNING", message.RootElement.GetProperty("payload").GetProperty("data").GetProperty("productActivity").GetProperty("status").GetString());
    }
}
