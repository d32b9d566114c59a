using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProductDescriber.BuildingBlocks.Diagnostics;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Http;

/// <summary>
/// The GraphQL multipart request spec over real HTTP: files reach resolvers intact, every malformed request is
/// refused, and no temporary file outlives its request, whatever happened to it.
/// </summary>
public sealed class MultipartUploadTests(UploadHostFixture fixture) : IClassFixture<UploadHostFixture>
{
    internal const int MaxFileBytes = 1_000_000;
    internal const int MaxFiles = 3;
    private const string UploadOne = "mutation($file: Upload!) { uploadTestFile(file: $file) { name size sha256 contentType } }";
    private const string UploadMany = "mutation($files: [Upload!]) { uploadTestFiles(files: $files) { name size sha256 } }";

    private static readonly (string Name, string Value)[] Preflight = [("GraphQL-Preflight", "1")];

    private readonly byte[] _png = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "stasher_1.png"));
    private readonly TestHost _host = fixture.Host;
    private readonly HttpClient _http = fixture.Http;

    // Tests of one class run one after another: whatever is here now was left by an earlier test, not this one.
    private readonly HashSet<string> _leftBefore = [.. fixture.TempFiles()];

    [Fact]
    public async Task A_file_reaches_the_resolver_byte_for_byte()
    {
        var response = await SendAsync(Operations(UploadOne, new { file = (object?)null }), """{"0":["variables.file"]}""", Part("0", _png, "stasher_1.png", "image/png"));

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        var summary = response.Graph.Data.GetProperty("uploadTestFile");
        Assert.Equal("stasher_1.png", summary.Json("name"));
        Assert.Equal(_png.Length, summary.GetProperty("size").GetInt64());
        Assert.Equal(Sha256(_png), summary.Json("sha256"));
        Assert.Equal("image/png", summary.Json("contentType"));
        await AssertNoTempFilesAsync();
    }

    [Fact]
    public async Task The_bytes_of_every_file_are_counted_in_the_upload_bytes_metric()
    {
        long counted = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == AppTelemetry.Name && instrument.Name == AppTelemetry.UploadBytes.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref counted, value));
        listener.Start();
        var small = RandomBytes(12_345);

        var response = await SendAsync(
            Operations(UploadMany, new { files = new object?[] { null, null } }),
            """{"a":["variables.files.0"],"b":["variables.files.1"]}""",
            Part("a", _png, "one.png", "image/png"),
            Part("b", small, "two.bin", "application/octet-stream"));

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        // At least: other test classes may upload at the same time, and the meter is process-wide.
        Assert.True(Interlocked.Read(ref counted) >= _png.Length + small.Length, $"Counted {counted} bytes.");
    }

    [Fact]
    public async Task A_list_of_files_arrives_in_order_and_one_file_may_fill_several_paths()
    {
        var small = RandomBytes(12_345);

        var response = await SendAsync(
            Operations(UploadMany, new { files = new object?[] { null, null, null } }),
            """{"a":["variables.files.0","variables.files.2"],"b":["variables.files.1"]}""",
            Part("a", _png, "one.png", "image/png"),
            Part("b", small, "two.bin", "application/octet-stream"));

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        var files = response.Graph.Data.GetProperty("uploadTestFiles").EnumerateArray().ToArray();
        Assert.Equal(["one.png", "two.bin", "one.png"], files.Select(f => f.Json("name")));
        Assert.Equal([Sha256(_png), Sha256(small), Sha256(_png)], files.Select(f => f.Json("sha256")));
        Assert.Equal(small.Length, files[1].GetProperty("size").GetInt64());
        await AssertNoTempFilesAsync();
    }

    [Fact]
    public async Task A_batched_multipart_request_places_files_per_operation()
    {
        var second = RandomBytes(50_000);
        var operations = JsonSerializer.Serialize(new[]
        {
            new { query = UploadOne, variables = new { file = (object?)null } },
            new { query = UploadOne, variables = new { file = (object?)null } },
        });

        var response = await SendAsync(
            operations,
            """{"0":["0.variables.file"],"1":["1.variables.file"]}""",
            Part("0", _png, "first.png", "image/png"),
            Part("1", second, "second.bin", "application/octet-stream"));

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        var results = response.Root.EnumerateArray().ToArray();
        Assert.Equal(2, results.Length);
        Assert.Equal(Sha256(_png), results[0].GetProperty("data").GetProperty("uploadTestFile").Json("sha256"));
        Assert.Equal(Sha256(second), results[1].GetProperty("data").GetProperty("uploadTestFile").Json("sha256"));
        await AssertNoTempFilesAsync();
    }

    [Fact]
    public async Task An_authorization_header_also_satisfies_the_csrf_guard()
    {
        using var content = Multipart(Operations(UploadOne, new { file = (object?)null }), """{"0":["variables.file"]}""", Part("0", RandomBytes(100), "a.bin", "application/octet-stream"));

        var response = await _http.SendRawAsync(HttpMethod.Post, "/graphql", content, token: fixture.AdminToken);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        await AssertNoTempFilesAsync();
    }

    [Fact]
    public async Task Without_a_preflight_header_the_request_is_refused_and_no_file_is_kept()
    {
        var probe = _host.GetService<HttpTestProbe>();
        var before = probe.Counter;
        using var content = Multipart(
            Operations("mutation($file: Upload!) { incrementTestCounter uploadTestFile(file: $file) { size } }", new { file = (object?)null }),
            """{"0":["variables.file"]}""",
            Part("0", _png, "stasher_1.png", "image/png"));

        var response = await _http.SendRawAsync(HttpMethod.Post, "/graphql", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("preflight", Assert.Single(response.ErrorMessages));
        Assert.Equal(before, probe.Counter);
        await AssertNoTempFilesAsync();
    }

    [Fact]
    public async Task Map_before_operations_is_400()
    {
        using var content = new MultipartFormDataContent
        {
            { new StringContent("""{"0":["variables.file"]}"""), "map" },
            { new StringContent(Operations(UploadOne, new { file = (object?)null })), "operations" },
        };
        content.Add(new ByteArrayContent(RandomBytes(10)), "0", "a.bin");

        var response = await _http.SendRawAsync(HttpMethod.Post, "/graphql", content, headers: Preflight, token: fixture.AdminToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("`operations` first", Assert.Single(response.ErrorMessages));
        await AssertNoTempFilesAsync();
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""["variables.file"]""")]
    [InlineData("""{"0":"variables.file"}""")]
    [InlineData("""{"0":[]}""")]
    [InlineData("""{"0":[7]}""")]
    [InlineData("null")]
    [InlineData("")]
    public async Task An_invalid_map_is_400(string map)
    {
        var response = await SendAsync(Operations(UploadOne, new { file = (object?)null }), map, Part("0", RandomBytes(10), "a.bin", "application/octet-stream"));

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Contains("map", Assert.Single(response.ErrorMessages));
        await AssertNoTempFilesAsync();
    }

    [Theory]
    [InlineData("query")]
    [InlineData("operationName")]
    [InlineData("extensions.file")]
    [InlineData("variables")]
    [InlineData("variables.")]
    [InlineData("variables.nope")]
    [InlineData("variables.file.0")]
    [InlineData("variables.taken")]
    [InlineData("variables.list.5")]
    [InlineData("variables.list.-1")]
    [InlineData("variables.list.x")]
    [InlineData("0.variables.file")]
    public async Task A_map_path_that_is_not_a_null_under_variables_is_400(string path)
    {
        var operations = Operations(UploadOne, new { file = (object?)null, taken = "already here", list = new object?[] { null } });

        var response = await SendAsync(operations, JsonSerializer.Serialize(new Dictionary<string, string[]> { ["0"] = [path] }), Part("0", _png, "a.png", "image/png"));

        Assert.True(response.Status == HttpStatusCode.BadRequest, $"{path}: {response}");
        Assert.Contains(path, Assert.Single(response.ErrorMessages));
        await AssertNoTempFilesAsync();
    }

    [Fact]
    public async Task A_map_entry_without_its_file_is_400()
    {
        var response = await SendAsync(
            Operations(UploadMany, new { files = new object?[] { null, null } }),
            """{"0":["variables.files.0"],"1":["variables.files.1"]}""",
            Part("0", _png, "a.png", "image/png"));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("'1'", Assert.Single(response.ErrorMessages));
        await AssertNoTempFilesAsync();
    }

    [Fact]
    public async Task A_file_part_missing_from_the_map_is_400()
    {
        var response = await SendAsync(
            Operations(UploadOne, new { file = (object?)null }),
            """{"0":["variables.file"]}""",
            Part("0", _png, "a.png", "image/png"),
            Part("stray", RandomBytes(1000), "b.bin", "application/octet-stream"));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("'stray'", Assert.Single(response.ErrorMessages));
        await AssertNoTempFilesAsync();
    }

    [Fact]
    public async Task A_file_over_max_file_bytes_is_413()
    {
        var response = await SendAsync(
            Operations(UploadMany, new { files = new object?[] { null, null } }),
            """{"0":["variables.files.0"],"1":["variables.files.1"]}""",
            Part("0", _png, "fits.png", "image/png"),
            Part("1", RandomBytes(MaxFileBytes + 1), "too-big.bin", "application/octet-stream"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.Equal("PAYLOAD_TOO_LARGE", Assert.Single(response.ErrorCodes));
        await AssertNoTempFilesAsync();
    }

    [Fact]
    public async Task More_files_than_max_files_is_413()
    {
        var names = Enumerable.Range(0, MaxFiles + 1).Select(i => i.ToString()).ToArray();
        var map = JsonSerializer.Serialize(names.ToDictionary(n => n, n => new[] { $"variables.files.{n}" }));

        var response = await SendAsync(
            Operations(UploadMany, new { files = new object?[names.Length] }),
            map,
            [.. names.Select(n => Part(n, RandomBytes(100), $"{n}.bin", "application/octet-stream"))]);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.Contains($"{MaxFiles} files", Assert.Single(response.ErrorMessages));
        await AssertNoTempFilesAsync();
    }

    [Fact]
    public async Task Upload_cannot_be_a_literal_or_a_plain_json_value()
    {
        var literal = await SendAsync(Operations("mutation { uploadTestFile(file: \"x.png\") { size } }", null), "{}");
        var jsonVariable = await _http.PostJsonAsync(RawHttp.Json(new { query = UploadOne, variables = new { file = "x.png" } }));
        var jsonObject = await _http.PostJsonAsync(RawHttp.Json(new { query = UploadOne, variables = new { file = new { path = "/etc/passwd" } } }));

        foreach (var response in new[] { literal, jsonVariable, jsonObject })
        {
            Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
            Assert.False(response.HasDataEntry, response.ToString());
            Assert.NotEmpty(response.ErrorMessages);
        }

        await AssertNoTempFilesAsync();
    }

    [Fact]
    public async Task A_client_that_vanishes_mid_upload_leaves_no_temp_file()
    {
        using var content = Multipart(
            Operations(UploadMany, new { files = new object?[] { null, null } }),
            """{"0":["variables.files.0"],"1":["variables.files.1"]}""",
            Part("0", RandomBytes(300_000), "complete.bin", "application/octet-stream"),
            Part("1", RandomBytes(600_000), "cut-off.bin", "application/octet-stream"));
        var body = await content.ReadAsByteArrayAsync();
        var head = $"POST /graphql HTTP/1.1\r\nHost: {fixture.Host.BaseAddress.Authority}\r\nContent-Type: {content.Headers.ContentType}\r\n"
            + $"Content-Length: {body.Length}\r\nAuthorization: Bearer {fixture.AdminToken}\r\n\r\n";

        // A raw socket, so that the cut comes exactly where we want it: after the server has both files on disk.
        using (var socket = new TcpClient())
        {
            await socket.ConnectAsync(fixture.Host.BaseAddress.Host, fixture.Host.BaseAddress.Port);
            var stream = socket.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(body.AsMemory(0, body.Length - 200_000));
            await stream.FlushAsync();

            await Eventually.AssertAsync(() => Assert.Equal(2, NewTempFiles().Length), TimeSpan.FromSeconds(20));
            socket.Client.LingerState = new LingerOption(true, 0);
        }

        await AssertNoTempFilesAsync();
        var after = await SendAsync(Operations(UploadOne, new { file = (object?)null }), """{"0":["variables.file"]}""", Part("0", _png, "a.png", "image/png"));
        Assert.Equal(HttpStatusCode.OK, after.Status);
    }

    [Fact]
    public async Task A_multipart_body_without_a_boundary_is_400()
    {
        var response = await _http.SendRawAsync(HttpMethod.Post, "/graphql", RawHttp.Body("operations=x", "multipart/form-data"), headers: Preflight, token: fixture.AdminToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("boundary", Assert.Single(response.ErrorMessages));
    }

    [Fact]
    public async Task An_operations_field_over_the_field_limit_is_413()
    {
        var operations = Operations(UploadOne + new string(' ', UploadHostFixture.MaxFieldBytes), new { file = (object?)null });

        var response = await SendAsync(operations, """{"0":["variables.file"]}""", Part("0", RandomBytes(10), "a.bin", "application/octet-stream"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.Contains("`operations`", Assert.Single(response.ErrorMessages));
        await AssertNoTempFilesAsync();
    }

    private async Task<RawResponse> SendAsync(string operations, string map, params FilePart[] files)
    {
        using var content = Multipart(operations, map, files);
        return await _http.SendRawAsync(HttpMethod.Post, "/graphql", content, headers: Preflight, token: fixture.AdminToken);
    }

    private static MultipartFormDataContent Multipart(string operations, string map, params FilePart[] files)
    {
        var content = new MultipartFormDataContent
        {
            { new StringContent(operations), "operations" },
            { new StringContent(map), "map" },
        };
        foreach (var file in files)
        {
            var part = new ByteArrayContent(file.Bytes);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(file.ContentType);
            content.Add(part, file.Field, file.FileName);
        }

        return content;
    }

    private static string Operations(string query, object? variables) => JsonSerializer.Serialize(new { query, variables });

    private static FilePart Part(string field, byte[] bytes, string fileName, string contentType) => new(field, bytes, fileName, contentType);

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private string[] NewTempFiles() => [.. fixture.TempFiles().Where(file => !_leftBefore.Contains(file))];

    /// <summary>The files go when the request ends; the response can reach us a moment before that.</summary>
    private Task AssertNoTempFilesAsync() => Eventually.AssertAsync(
        () =>
        {
            var left = NewTempFiles();
            Assert.True(left.Length == 0, $"Temporary upload files were left behind: {string.Join(", ", left)}");
        },
        TimeSpan.FromSeconds(10));

    private sealed record FilePart(string Field, byte[] Bytes, string FileName, string ContentType);
}

/// <summary>
/// A Host with small upload limits, its own upload temp folder and every log line captured. Uploads here are never
/// cut for being slow (tests hold requests open on purpose); <see cref="Uploads.UploadStallTests"/> has its own.
/// </summary>
public class UploadHostFixture : HttpHostFixture
{
    public const int MaxFieldBytes = 16 * 1024;

    public string TempDirectory { get; } = Path.Combine(Path.GetTempPath(), $"pd-upload-tests-{Guid.NewGuid():N}");

    internal CapturedLogs Logs { get; } = new();

    protected override string Name => "uploads";

    /// <summary>Settings a derived fixture adds or changes.</summary>
    protected virtual Dictionary<string, string?> UploadSettings => [];

    /// <summary>Every spooled file, in whichever Host's folder under the temp directory (lock files aside).</summary>
    public string[] TempFiles() => Directory.Exists(TempDirectory)
        ? [.. Directory.EnumerateFiles(TempDirectory, "*", SearchOption.AllDirectories).Where(file => Path.GetFileName(file) != ".lock")]
        : [];

    public long TempBytes() => TempFiles().Sum(file => new FileInfo(file).Length);

    protected override Dictionary<string, string?> Settings
    {
        get
        {
            var settings = new Dictionary<string, string?>
            {
                ["Uploads:MaxFileBytes"] = MultipartUploadTests.MaxFileBytes.ToString(),
                ["Uploads:MaxFiles"] = MultipartUploadTests.MaxFiles.ToString(),
                ["Uploads:TempDirectory"] = TempDirectory,
                ["Uploads:MaxFieldBytes"] = MaxFieldBytes.ToString(),
                ["Uploads:RateWindow"] = "00:02:00",
                ["Logging:LogLevel:ProductDescriber"] = "Information",
            };
            foreach (var (key, value) in UploadSettings)
            {
                settings[key] = value;
            }

            return settings;
        }
    }

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Logs);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(TempDirectory))
        {
            Directory.Delete(TempDirectory, recursive: true);
        }
    }
}
