using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ProductDescriber.Identity.Login;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Identity.Tests.Support;

/// <summary>
/// Hosts whose login throttle runs on a clock the test moves (tokens keep the real clock), so a test walks through
/// waits of seconds or hours without sleeping, and whose log is captured.
/// </summary>
internal static class ThrottleHosts
{
    public static FakeTimeProvider NewClock() => new(DateTimeOffset.UtcNow);

    public static Task<TestHost> StartAsync(
        string name,
        FakeTimeProvider clock,
        IDictionary<string, string?>? settings = null,
        CapturedLogs? logs = null,
        string? connectionString = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:ProductDescriber.Identity"] = "Information",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return TestHost.StartAsync(name, all, services =>
        {
            services.AddKeyedSingleton<TimeProvider>(LoginThrottle.ClockKey, clock);
            if (logs is not null)
            {
                services.AddSingleton<ILoggerProvider>(logs);
            }
        }, connectionString);
    }

    /// <summary>Moves the throttle's clock by the wait a refusal reported.</summary>
    public static void Wait(this FakeTimeProvider clock, int seconds) => clock.Advance(TimeSpan.FromSeconds(seconds));
}
