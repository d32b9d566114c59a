using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.Providers.Abstractions;
using ProductDescriber.Providers.ContractKit;

namespace ProductDescriber.Providers.Tests.Resilience;

/// <summary>
/// The shared provider policy (<see cref="AiProviderResilience.AddAiProviderResilience"/>) on a named HttpClient, as
/// a connector or plugin registers it, against a real HTTP server on a loopback port. Waits are read from the clock
/// the policy used, not measured, so the tests stay fast and exact.
/// </summary>
public sealed class AiProviderResilienceTests : IAsyncLifetime
{
    private const string Ok = """{"ok":true}""";
    private const string Error = """{"error":{"message":"no"}}""";

    private readonly RecordingTimeProvider time = new();
    private readonly List<ServiceProvider> services = [];
    private ScriptedServer server = null!;

    public async Task InitializeAsync() => server = await ScriptedServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var provider in services)
        {
            await provider.DisposeAsync();
        }

        await server.DisposeAsync();
    }

    [Fact]
    public async Task A_429_with_Retry_After_in_seconds_is_waited_out_then_the_call_succeeds()
    {
        server.Reply = (context, number) => number == 1
            ? ScriptedServer.Answer(context, 429, Error, retryAfter: "1")
            : ScriptedServer.Answer(context, 200, Ok);

        using var response = await Client().GetAsync("chat");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(2, server.Requests);

        // The back-off configured here is 10 ms: a one-second wait can only be the server's.
        Assert.Contains(TimeSpan.FromSeconds(1), time.DueTimes);
    }

    [Fact]
    public async Task A_429_with_Retry_After_as_an_HTTP_date_waits_until_that_date()
    {
        server.Reply = (context, number) => number == 1
            ? ScriptedServer.Answer(context, 429, Error, DateTimeOffset.UtcNow.AddSeconds(3).ToString("r", CultureInfo.InvariantCulture))
            : ScriptedServer.Answer(context, 200, Ok);

        using var response = await Client().GetAsync("chat");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(2, server.Requests);

        // An HTTP-date has whole seconds, so the wait is a little under three seconds.
        Assert.Contains(time.DueTimes, wait => wait > TimeSpan.FromSeconds(1) && wait <= TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_500_is_retried_with_back_off_and_the_call_succeeds()
    {
        server.Reply = (context, number) => number < 3
            ? ScriptedServer.Answer(context, 500, Error)
            : ScriptedServer.Answer(context, 200, Ok);

        using var response = await Client().GetAsync("chat");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(3, server.Requests);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(422)]
    public async Task A_permanent_error_is_not_retried_and_its_reply_reaches_the_caller(int status)
    {
        server.Reply = (context, _) => ScriptedServer.Answer(context, status, Error);

        using var response = await Client().GetAsync("chat");

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(Error, await response.Content.ReadAsStringAsync());
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task The_providers_reading_of_the_body_decides_a_429_that_is_an_empty_account_is_not_retried()
    {
        server.Reply = (context, _) => ScriptedServer.Answer(context, 429, """{"error":{"code":"insufficient_quota"}}""", retryAfter: "1");

        using var response = await Client(o => o.ReadFailure = (status, body, wait) =>
            new AiProviderException("test", System.Text.Encoding.UTF8.GetString(body).Contains("insufficient_quota", StringComparison.Ordinal)
                ? AiErrorKind.QuotaExhausted
                : AiRetryRules.KindOf(status), "refused")).GetAsync("chat");

        Assert.Equal(429, (int)response.StatusCode);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_MaxRetryAfter_is_handed_back_at_once()
    {
        server.Reply = (context, _) => ScriptedServer.Answer(context, 429, Error, retryAfter: "120");

        using var response = await Client().GetAsync("chat");

        Assert.Equal(429, (int)response.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(2), response.Headers.RetryAfter?.Delta);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task Zero_retries_means_one_attempt()
    {
        server.Reply = (context, _) => ScriptedServer.Answer(context, 503, Error);

        using var response = await Client(o => o.MaxRetries = 0).GetAsync("chat");

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task A_connection_that_fails_is_retried()
    {
        server.Reply = (context, number) =>
        {
            if (number == 1)
            {
                context.Abort();
                return Task.CompletedTask;
            }

            return ScriptedServer.Answer(context, 200, Ok);
        };

        using var response = await Client().GetAsync("chat");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task A_reply_that_breaks_off_half_way_is_retried()
    {
        server.Reply = async (context, number) =>
        {
            if (number > 1)
            {
                await ScriptedServer.Answer(context, 200, Ok);
                return;
            }

            context.Response.StatusCode = 200;
            context.Response.ContentLength = 1000;
            await context.Response.WriteAsync("""{"data":[""", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            context.Abort();
        };

        using var response = await Client().GetAsync("chat");

        Assert.Equal(Ok, await response.Content.ReadAsStringAsync());
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task An_attempt_slower_than_the_attempt_timeout_is_cut_and_not_repeated()
    {
        server.Reply = (context, _) => ScriptedServer.Hang(context);
        var client = Client(o => o.AttemptTimeout = TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.GetAsync("chat").WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(TimeSpan.FromSeconds(1), AiProviderResilience.TimeoutOf(error));
        Assert.Equal(1, server.Requests);
        await server.ClientAborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_reply_that_stalls_half_way_counts_against_the_attempt_timeout()
    {
        server.Reply = async (context, _) =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentLength = 1000;
            await context.Response.WriteAsync("""{"data":[""", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await ScriptedServer.Hang(context);
        };
        var client = Client(o => o.AttemptTimeout = TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.GetAsync("images/generations").WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(TimeSpan.FromSeconds(1), AiProviderResilience.TimeoutOf(error));
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task A_request_may_have_its_own_attempt_timeout()
    {
        server.Reply = (context, _) => ScriptedServer.Hang(context);
        var client = Client(o =>
        {
            o.AttemptTimeout = TimeSpan.FromSeconds(60);
            o.AttemptTimeoutOf = request => request.RequestUri!.AbsolutePath.EndsWith("/quick", StringComparison.Ordinal) ? TimeSpan.FromSeconds(1) : null;
        });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.GetAsync("quick").WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(TimeSpan.FromSeconds(1), AiProviderResilience.TimeoutOf(error));
    }

    [Fact]
    public async Task The_concurrency_limit_holds_the_next_call_until_one_in_flight_finishes()
    {
        using var finish = new SemaphoreSlim(0);
        server.Reply = async (context, _) =>
        {
            await finish.WaitAsync(context.RequestAborted);
            await ScriptedServer.Answer(context, 200, Ok);
        };
        var client = Client(o => o.MaxConcurrency = 2);

        var calls = Enumerable.Range(0, 3).Select(_ => client.GetAsync("chat")).ToList();
        Assert.True(await server.Arrived.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(await server.Arrived.WaitAsync(TimeSpan.FromSeconds(10)));

        // Two are in flight and held: the third must be waiting for a permit, not on the wire.
        Assert.False(await server.Arrived.WaitAsync(TimeSpan.FromMilliseconds(500)));
        Assert.Equal(2, server.Requests);

        finish.Release();
        Assert.True(await server.Arrived.WaitAsync(TimeSpan.FromSeconds(10)));
        finish.Release(2);
        var responses = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(responses, r => Assert.Equal(200, (int)r.StatusCode));
        Assert.Equal(3, server.Requests);
        Assert.Equal(2, server.MaxInFlight);
    }

    [Fact]
    public async Task The_deadline_ends_a_call_whose_retries_would_go_on()
    {
        server.Reply = (context, _) => ScriptedServer.Answer(context, 503, Error);
        var client = Client(o =>
        {
            o.AttemptTimeout = TimeSpan.FromSeconds(30);
            o.Deadline = TimeSpan.FromSeconds(1);
            o.MaxRetries = 1_000;
            o.RetryDelay = TimeSpan.FromMilliseconds(50);
        });
        var started = Stopwatch.GetTimestamp();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.GetAsync("chat").WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(TimeSpan.FromSeconds(1), AiProviderResilience.TimeoutOf(error));
        Assert.InRange(server.Requests, 2, 999);

        // Generous: what matters is that neither the 30 s attempt timeout nor 1,000 retries decided the end.
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Without_a_deadline_a_call_may_take_twice_its_attempt_timeout()
    {
        server.Reply = (context, _) => ScriptedServer.Answer(context, 503, Error);
        var client = Client(o =>
        {
            o.AttemptTimeout = TimeSpan.FromSeconds(1);
            o.MaxRetries = 1_000;
            o.RetryDelay = TimeSpan.FromMilliseconds(50);
        });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.GetAsync("chat").WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(TimeSpan.FromSeconds(2), AiProviderResilience.TimeoutOf(error));
    }

    [Fact]
    public void Settings_that_cannot_work_are_refused_when_the_client_is_registered()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddHttpClient("test").AddAiProviderResilience(new AiProviderResilienceOptions { Provider = "acme", MaxConcurrency = 0 }));

        Assert.Equal("acme: MaxConcurrency must be at least 1.", error.Message);
    }

    /// <summary>A client registered as a provider registers its own: fast back-off, a generous attempt timeout.</summary>
    private HttpClient Client(Action<AiProviderResilienceOptions>? configure = null)
    {
        var options = new AiProviderResilienceOptions
        {
            Provider = "test",
            AttemptTimeout = TimeSpan.FromSeconds(20),
            RetryDelay = TimeSpan.FromMilliseconds(10),
            MaxConcurrency = 4,
        };
        configure?.Invoke(options);
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(time);
        collection.AddHttpClient("test", http =>
            {
                http.BaseAddress = server.Url;
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddAiProviderResilience(options);
        var provider = collection.BuildServiceProvider();
        services.Add(provider);
        return provider.GetRequiredService<IHttpClientFactory>().CreateClient("test");
    }
}
