using System.Diagnostics;
using Xunit;
using Xunit.Sdk;

namespace ProductDescriber.TestSupport;

/// <summary>
/// Waits for what the system does in the background (a file deleted, a span exported, a subscriber registered) by
/// running an assertion again and again until it passes. At the deadline it fails with the last attempt's own
/// message, so the report says what was still wrong, not just that time ran out. Only assertion failures are
/// retried: any other exception is a fault and fails at once.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Short, so a test waits little longer than the work takes; every probe here is cheap.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    public static Task AssertAsync(Action assertion, TimeSpan? timeout = null) =>
        AssertAsync(() =>
        {
            assertion();
            return Task.CompletedTask;
        }, timeout);

    public static Task AssertAsync(Func<Task> assertion, TimeSpan? timeout = null) =>
        ValueAsync(async () =>
        {
            await assertion();
            return true;
        }, timeout);

    /// <summary>Until <paramref name="condition"/> holds; <paramref name="what"/> names it in the failure.</summary>
    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        AssertAsync(() => Assert.True(condition(), $"Expected {what}."), timeout);

    /// <summary>The first value <paramref name="probe"/> finds (not null); <paramref name="what"/> names it in the failure.</summary>
    public static Task<T> FoundAsync<T>(Func<T?> probe, string what, TimeSpan? timeout = null)
        where T : class =>
        ValueAsync(() =>
        {
            var found = probe();
            Assert.True(found is not null, $"Expected {what}.");
            return Task.FromResult(found);
        }, timeout);

    /// <summary>What <paramref name="attempt"/> returns once its assertions pass.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> attempt, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await attempt();
            }
            catch (XunitException failure) when (clock.Elapsed >= limit)
            {
                throw new XunitException($"Still failing after {limit.TotalSeconds:0.#} s: {failure.Message}", failure);
            }
            catch (XunitException)
            {
                await Task.Delay(Interval);
            }
        }
    }
}
