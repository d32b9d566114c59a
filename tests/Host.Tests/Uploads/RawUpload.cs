using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace ProductDescriber.Host.Tests.Uploads;

/// <summary>
/// A multipart upload written to a raw socket piece by piece, so a test decides when, and whether, the rest of the
/// body follows, and can read the response while the body is still incomplete (HttpClient would wait to send all).
/// </summary>
internal sealed class RawUpload : IDisposable
{
    private readonly TcpClient _socket;
    private readonly NetworkStream _stream;
    private readonly byte[] _body;

    private RawUpload(TcpClient socket, byte[] body)
    {
        _socket = socket;
        _stream = socket.GetStream();
        _body = body;
    }

    /// <summary>Bytes of the body sent so far.</summary>
    public int Sent { get; private set; }

    public int Remaining => _body.Length - Sent;

    /// <summary>Connects and sends the request head; nothing of the body yet.</summary>
    public static async Task<RawUpload> StartAsync(Uri server, UploadBody body, string? token = null)
    {
        var socket = new TcpClient();
        await socket.ConnectAsync(server.Host, server.Port);
        var head = new StringBuilder()
            .Append("POST /graphql HTTP/1.1\r\n")
            .Append($"Host: {server.Authority}\r\n")
            .Append($"Content-Type: {body.ContentType}\r\n")
            .Append($"Content-Length: {body.Bytes.Length}\r\n")
            .Append("Accept: application/graphql-response+json\r\n")
            .Append("GraphQL-Preflight: 1\r\n");
        if (token is not null)
        {
            head.Append($"Authorization: Bearer {token}\r\n");
        }

        var upload = new RawUpload(socket, body.Bytes);
        await upload._stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()));
        return upload;
    }

    public async Task SendAsync(int count)
    {
        count = Math.Min(count, Remaining);
        await _stream.WriteAsync(_body.AsMemory(Sent, count));
        await _stream.FlushAsync();
        Sent += count;
    }

    public Task SendAllButAsync(int keepBack) => SendAsync(Remaining - keepBack);

    public Task SendRestAsync() => SendAsync(Remaining);

    /// <summary>Reads one response (status, headers, body: by Content-Length or chunked).</summary>
    public async Task<RawUploadResponse> ReadResponseAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var reader = new ResponseReader(_stream, cancel.Token);
        var statusLine = await reader.ReadLineAsync();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (await reader.ReadLineAsync() is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':');
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        byte[] body;
        if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            using var content = new MemoryStream();
            while (Convert.ToInt32((await reader.ReadLineAsync()).Split(';')[0], 16) is var size and > 0)
            {
                content.Write(await reader.ReadBytesAsync(size));
                await reader.ReadLineAsync();
            }

            await reader.ReadLineAsync();
            body = content.ToArray();
        }
        else
        {
            body = await reader.ReadBytesAsync(headers.TryGetValue("Content-Length", out var length) ? int.Parse(length) : 0);
        }

        return new RawUploadResponse(int.Parse(statusLine.AsSpan(9, 3)), headers, Encoding.UTF8.GetString(body));
    }

    /// <summary>True once the server closed its side of the connection (a read returns nothing), within <paramref name="timeout"/>.</summary>
    public async Task<bool> ServerClosedAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            var buffer = new byte[1024];
            while (await _stream.ReadAsync(buffer, cancel.Token) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Vanishes mid-request: a TCP reset, as a killed client or a dropped network does.</summary>
    public void Abort()
    {
        _socket.Client.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>Reads lines and byte counts from the socket, keeping what it read ahead.</summary>
    private sealed class ResponseReader(NetworkStream stream, CancellationToken cancellation)
    {
        private readonly MemoryStream _pending = new();

        public async Task<string> ReadLineAsync()
        {
            while (true)
            {
                var buffered = _pending.GetBuffer().AsSpan(0, (int)_pending.Length);
                var end = buffered.IndexOf("\r\n"u8);
                if (end >= 0)
                {
                    var line = Encoding.ASCII.GetString(buffered[..end]);
                    Consume(end + 2);
                    return line;
                }

                await FillAsync();
            }
        }

        public async Task<byte[]> ReadBytesAsync(int count)
        {
            while (_pending.Length < count)
            {
                await FillAsync();
            }

            var bytes = _pending.GetBuffer().AsSpan(0, count).ToArray();
            Consume(count);
            return bytes;
        }

        private async Task FillAsync()
        {
            var chunk = new byte[8192];
            var read = await stream.ReadAsync(chunk, cancellation);
            if (read == 0)
            {
                throw new IOException("The server closed the connection before the response was complete.");
            }

            _pending.Write(chunk, 0, read);
        }

        private void Consume(int count)
        {
            var rest = _pending.GetBuffer().AsSpan(count, (int)_pending.Length - count).ToArray();
            _pending.SetLength(0);
            _pending.Write(rest);
        }
    }
}

internal sealed record RawUploadResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string?[] ErrorCodes => [.. Errors.Select(e => e.TryGetProperty("extensions", out var ext) && ext.TryGetProperty("code", out var code) ? code.GetString() : null)];

    public JsonElement[] Errors => JsonDocument.Parse(Body).RootElement.TryGetProperty("errors", out var errors) ? [.. errors.EnumerateArray()] : [];

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public override string ToString() => $"{Status}: {Body}";
}

/// <summary>A GraphQL multipart body (operations, map, files) as bytes, with its Content-Type and boundary.</summary>
internal sealed record UploadBody(byte[] Bytes, string ContentType)
{
    public const string UploadFiles = "mutation($files: [Upload!]) { uploadTestFiles(files: $files) { name size sha256 } }";

    /// <summary>One <c>uploadTestFiles</c> request carrying files of the given sizes, of random bytes.</summary>
    public static async Task<UploadBody> OfRandomFilesAsync(params int[] sizes)
    {
        var operations = JsonSerializer.Serialize(new { query = UploadFiles, variables = new { files = new object?[sizes.Length] } });
        var map = JsonSerializer.Serialize(Enumerable.Range(0, sizes.Length).ToDictionary(i => i.ToString(), i => new[] { $"variables.files.{i}" }));
        using var content = new MultipartFormDataContent
        {
            { new StringContent(operations), "operations" },
            { new StringContent(map), "map" },
        };
        for (var i = 0; i < sizes.Length; i++)
        {
            var bytes = new byte[sizes[i]];
            Random.Shared.NextBytes(bytes);
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse("application/octet-stream");
            content.Add(part, i.ToString(), $"{i}.bin");
        }

        return new UploadBody(await content.ReadAsByteArrayAsync(), content.Headers.ContentType!.ToString());
    }
}
