using System.Net.Sockets;
using System.Text;

namespace ProductDescriber.Host.Tests.Storage;

/// <summary>
/// Sends a request target exactly as written: HttpClient and <see cref="Uri"/> would resolve "../" and unescape
/// before sending, hiding the very traversal attempts a test means to make.
/// </summary>
internal static class SocketHttp
{
    public static async Task<(int Status, string Response)> GetAsync(Uri server, string rawTarget)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        await using var stream = client.GetStream();
        var request = $"GET {rawTarget} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));

        using var response = new MemoryStream();
        await stream.CopyToAsync(response).WaitAsync(TimeSpan.FromSeconds(30));
        var text = Encoding.UTF8.GetString(response.ToArray());
        // "HTTP/1.1 404 Not Found"
        return (int.Parse(text.AsSpan(9, 3)), text);
    }
}
