using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ProductDescriber.Bench;

/// <summary>
/// The HTTP side: one <see cref="HttpClient"/> on a <see cref="SocketsHttpHandler"/> whose pool holds exactly as many
/// HTTP/1.1 keep-alive connections as there are workers, plus the set-up calls (login, seeding).
/// </summary>
internal sealed class BenchClient : IDisposable
{
    private const string JsonMediaType = "application/json";

    private readonly HttpClient _http;
    private readonly Uri _graphQLUrl;
    private AuthenticationHeaderValue? _authorization;

    public BenchClient(Uri baseAddress, int connections)
    {
        BaseAddress = baseAddress;
        _graphQLUrl = new Uri(baseAddress, "/graphql");
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
        })
        {
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http => _http;

    public string AccessToken => _authorization?.Parameter ?? throw new InvalidOperationException("Log in first.");

    public async Task LoginAsync(string username, string password) =>
        _authorization = new AuthenticationHeaderValue("Bearer", await RequestTokenAsync(username, password));

    /// <summary>A token of a seeded member (no admin role).</summary>
    public Task<string> MemberTokenAsync() => RequestTokenAsync(SeededUsername(1), SeededPassword(1));

    private async Task<string> RequestTokenAsync(string username, string password)
    {
        var data = await GraphQLAsync(
            "mutation Login($input: LoginInput!) { login(input: $input) { accessToken errors { message } } }",
            new JsonObject { ["input"] = new JsonObject { ["username"] = username, ["password"] = password } });
        return data["login"]?["accessToken"]?.GetValue<string>()
            ?? throw new InvalidOperationException($"Login as {username} failed: {data["login"]?["errors"]?.ToJsonString()}. With --database-url, set ADMIN_PASSWORD to that database's admin password.");
    }

    /// <summary>Registers bench-user-01... through the real mutation; users left by an earlier run are kept.</summary>
    public async Task<(int Created, int Existing)> SeedUsersAsync(int count)
    {
        const string document = "mutation Register($input: RegisterUserInput!) { registerUser(input: $input) { user { id } errors { message } } }";
        var (created, existing) = (0, 0);
        for (var i = 1; i <= count; i++)
        {
            var name = SeededUsername(i);
            var data = await GraphQLAsync(document, new JsonObject
            {
                ["input"] = new JsonObject
                {
                    ["username"] = name,
                    ["email"] = name + "@example.com",
                    ["password"] = SeededPassword(i),
                    ["role"] = "MEMBER",
                },
            });
            var payload = data["registerUser"];
            if (payload?["user"] is JsonObject)
            {
                created++;
            }
            else if (payload?["errors"] is JsonArray errors && errors.All(e => e?["message"]?.GetValue<string>().Contains("already registered", StringComparison.Ordinal) == true))
            {
                existing++;
            }
            else
            {
                throw new InvalidOperationException($"registerUser {name} failed: {payload?.ToJsonString()}");
            }
        }

        return (created, existing);
    }

    /// <summary>The GraphQL request of a scenario: POST, JSON body, <c>Accept: application/json</c>, bearer token.</summary>
    public Func<HttpRequestMessage> GraphQLRequest(Scenario scenario)
    {
        var request = new JsonObject { ["query"] = scenario.GraphQLQuery };
        if (scenario.VariablesJson is { } variables)
        {
            request["variables"] = JsonNode.Parse(variables);
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(request);
        var contentType = new MediaTypeHeaderValue(JsonMediaType);
        return () =>
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = contentType;
            return Authorized(new HttpRequestMessage(HttpMethod.Post, _graphQLUrl) { Content = content });
        };
    }

    /// <summary>The plain request of a scenario: GET with the same headers.</summary>
    public Func<HttpRequestMessage> PlainRequest(Scenario scenario)
    {
        var url = new Uri(BaseAddress, scenario.PlainPath);
        return () => Authorized(new HttpRequestMessage(HttpMethod.Get, url));
    }

    public async Task<byte[]> FetchAsync(Func<HttpRequestMessage> request)
    {
        using var message = request();
        using var response = await _http.SendAsync(message);
        var body = await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode
            ? body
            : throw new InvalidOperationException($"{message.Method} {message.RequestUri} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
    }

    public void Dispose() => _http.Dispose();

    internal static string SeededUsername(int i) => "bench-user-" + i.ToString("D3", CultureInfo.InvariantCulture);

    internal static string SeededPassword(int i) => "Seeded-password-" + i.ToString(CultureInfo.InvariantCulture);

    private HttpRequestMessage Authorized(HttpRequestMessage message)
    {
        message.Headers.Authorization = _authorization;
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(JsonMediaType));
        return message;
    }

    /// <summary>A set-up call: the <c>data</c> of the answer; throws on GraphQL errors.</summary>
    public async Task<JsonNode> GraphQLAsync(string query, JsonObject variables)
    {
        var body = new JsonObject { ["query"] = query, ["variables"] = variables };
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue(JsonMediaType);
        return await SendGraphQLAsync(content);
    }

    /// <summary>
    /// A GraphQL multipart request (operations, map, one file at <paramref name="variablePath"/>), as the frontend
    /// uploads; the preflight header is what the transport asks of multipart requests.
    /// </summary>
    public async Task<JsonNode> GraphQLUploadAsync(string query, JsonObject variables, string variablePath, string fileName, byte[] bytes, string contentType)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var content = new MultipartFormDataContent
        {
            { new StringContent(new JsonObject { ["query"] = query, ["variables"] = variables }.ToJsonString()), "operations" },
            { new StringContent(new JsonObject { ["0"] = new JsonArray(variablePath) }.ToJsonString()), "map" },
            { file, "0", fileName },
        };
        return await SendGraphQLAsync(content, ("GraphQL-Preflight", "1"));
    }

    private async Task<JsonNode> SendGraphQLAsync(HttpContent content, params (string Name, string Value)[] headers)
    {
        using var message = Authorized(new HttpRequestMessage(HttpMethod.Post, _graphQLUrl) { Content = content });
        foreach (var (name, value) in headers)
        {
            message.Headers.Add(name, value);
        }

        using var response = await _http.SendAsync(message);
        var result = JsonNode.Parse(await response.Content.ReadAsStreamAsync())
            ?? throw new InvalidOperationException("The GraphQL endpoint answered an empty body.");
        return result["errors"] is JsonArray { Count: > 0 } errors
            ? throw new InvalidOperationException($"GraphQL errors: {errors.ToJsonString()}")
            : result["data"] ?? throw new InvalidOperationException($"No data: {result.ToJsonString()}");
    }
}
