using System.Text.Json;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Identity.Tests.Support;

/// <summary>The Identity operations as the tests send them, with the payload selections they assert on.</summary>
internal static class IdentityApi
{
    public const string ErrorFields = "errors { __typename message code ... on ValidationError { field } ... on TooManyAttemptsError { retryAfterSeconds } }";

    public const string Login =
        "mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { accessToken expiresAt user { id username role } " + ErrorFields + " } }";

    public const string Register =
        "mutation($i: RegisterUserInput!) { registerUser(input: $i) { user { id username email role isActive } " + ErrorFields + " } }";

    public const string ChangePassword =
        "mutation($c: String!, $n: String!) { changePassword(input: {currentPassword: $c, newPassword: $n}) { accessToken expiresAt user { username } " + ErrorFields + " } }";

    public const string Deactivate =
        "mutation($id: ID!) { deactivateUser(input: {userId: $id}) { user { id isActive } " + ErrorFields + " } }";

    /// <summary>Posts a login and returns the whole response (the payload is at <c>data.login</c>).</summary>
    public static Task<GraphQLResponse> PostLoginAsync(this GraphQLClient client, string username, string password) =>
        client.PostAsync(Login, new { u = username, p = password });

    /// <summary>Logs in and returns the <c>login</c> payload, failing on top-level errors.</summary>
    public static async Task<JsonElement> LoginPayloadAsync(this GraphQLClient client, string username, string password) =>
        (await client.QueryAsync(Login, new { u = username, p = password })).GetProperty("login");

    public static async Task<JsonElement> RegisterAsync(this GraphQLClient admin, string username, string email, string password, string? role = null)
    {
        object input = role is null ? new { username, email, password } : new { username, email, password, role };
        return (await admin.QueryAsync(Register, new { i = input })).GetProperty("registerUser");
    }

    /// <summary>The payload's single error, failing unless there is exactly one.</summary>
    public static JsonElement SingleError(this JsonElement payload) => Assert.Single(payload.GetProperty("errors").EnumerateArray());

    public static void AssertNoErrors(this JsonElement payload) => Assert.True(payload.GetProperty("errors").GetArrayLength() == 0, $"Unexpected errors: {payload}");

    public static bool IsNull(this JsonElement element, string property) => element.GetProperty(property).ValueKind == JsonValueKind.Null;

    /// <summary>A password the policy accepts and nobody else uses.</summary>
    public static string NewPassword() => $"Pw-{Guid.NewGuid():N}"[..24];

    /// <summary>A valid, unique username with a readable prefix.</summary>
    public static string NewUsername(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 50)];
}
