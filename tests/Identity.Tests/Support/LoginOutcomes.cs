using System.Text.Json;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Identity.Tests.Support;

/// <summary>What a login (or changePassword) payload says, asserted the same way by every throttle test.</summary>
internal static class LoginOutcomes
{
    public static void AssertInvalidCredentials(JsonElement payload)
    {
        Assert.True(payload.IsNull("accessToken"), $"Expected a failure: {payload}");
        Assert.Equal("INVALID_CREDENTIALS", payload.SingleError().Json("code"));
    }

    /// <summary>Asserts a refusal and returns its <c>retryAfterSeconds</c>.</summary>
    public static int AssertTooManyAttempts(JsonElement payload)
    {
        Assert.True(payload.IsNull("accessToken"), $"Expected a refusal: {payload}");
        var error = payload.SingleError();
        Assert.Equal("TooManyAttemptsError", error.Json("__typename"));
        Assert.Equal("TOO_MANY_ATTEMPTS", error.Json("code"));
        var seconds = error.GetProperty("retryAfterSeconds").GetInt32();
        Assert.True(seconds > 0, $"retryAfterSeconds: {error}");
        return seconds;
    }

    public static void AssertLoggedIn(JsonElement payload)
    {
        payload.AssertNoErrors();
        Assert.False(payload.IsNull("accessToken"), $"Expected a token: {payload}");
    }

    /// <summary>The error code of each payload, for counting outcomes of concurrent attempts.</summary>
    public static string Code(JsonElement payload) => payload.GetProperty("errors").GetArrayLength() == 0 ? "OK" : payload.SingleError().Json("code");
}
