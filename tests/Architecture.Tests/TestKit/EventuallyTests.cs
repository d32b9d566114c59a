using ProductDescriber.TestSupport;
using Xunit.Sdk;

namespace ProductDescriber.Architecture.Tests.TestKit;

/// <summary>The test kit's wait: it retries failed assertions until they pass, and reports the last one when they never do.</summary>
public sealed class EventuallyTests
{
    [Fact]
    public async Task An_assertion_that_comes_true_passes()
    {
        var attempts = 0;

        await Eventually.AssertAsync(() => Assert.Equal(3, ++attempts));

        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task A_value_is_returned_once_found()
    {
        var attempts = 0;

        var found = await Eventually.FoundAsync(() => ++attempts == 2 ? "here" : null, "the value");

        Assert.Equal("here", found);
    }

    [Fact]
    public async Task An_assertion_that_never_passes_fails_with_its_last_message()
    {
        var attempts = 0;

        var failure = await Assert.ThrowsAsync<XunitException>(() =>
            Eventually.AssertAsync(() => Assert.Fail($"attempt {++attempts}"), TimeSpan.FromMilliseconds(200)));

        Assert.True(attempts > 1, $"{attempts} attempt(s)");
        Assert.StartsWith("Still failing after 0.2 s: ", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"attempt {attempts}", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anything_but_an_assertion_failure_fails_at_once()
    {
        var attempts = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Eventually.AssertAsync(new Action(() => throw new InvalidOperationException($"attempt {++attempts}"))));

        Assert.Equal(1, attempts);
    }
}
