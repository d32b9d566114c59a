using ProductDescriber.Identity.Tests.Support;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Identity.Tests;

/// <summary>Production refuses settings that make tokens forgeable or the admin guessable; Development helps instead.</summary>
public sealed class StartupTests
{
    private const string Production = "Production";

    public static TheoryData<string, string?, string> UnsafeProductionSettings() => new()
    {
        { "SECRET_KEY", IdentityOptions.DevelopmentSecretKey, "SECRET_KEY" },
        { "SECRET_KEY", "short-key-0123456789", "SECRET_KEY" },
        { "SECRET_KEY", null, "SECRET_KEY" },
        { "SECRET_KEY", "", "SECRET_KEY" },
        { "ADMIN_PASSWORD", IdentityOptions.DevelopmentAdminPassword, "ADMIN_PASSWORD" },
        { "ADMIN_PASSWORD", null, "ADMIN_PASSWORD" },
        { "ADMIN_PASSWORD", "", "ADMIN_PASSWORD" },
        { "ADMIN_PASSWORD", "password123", "ADMIN_PASSWORD" },
    };

    [Theory]
    [MemberData(nameof(UnsafeProductionSettings))]
    public async Task Production_refuses_to_start_with_an_unsafe_setting(string key, string? value, string named)
    {
        var settings = new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = Production, [key] = value };

        var exception = await Assert.ThrowsAnyAsync<Exception>(async () => await (await TestHost.StartAsync("unsafe", settings)).DisposeAsync());

        Assert.True(Messages(exception).Contains(named, StringComparison.Ordinal), exception.ToString());
    }

    [Fact]
    public async Task Production_starts_with_a_real_key_and_admin_password()
    {
        const string Password = "Correct-horse-battery-staple-42";
        await using var host = await TestHost.StartAsync("production", new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = Production,
            ["ADMIN_PASSWORD"] = Password,
        });
        using var admin = host.CreateGraphQLClient();
        await admin.LoginAsync("admin", Password);

        Assert.Equal("admin", (await admin.QueryAsync("{ me { username } }")).Json("me", "username"));
    }

    [Fact]
    public async Task Development_without_settings_seeds_the_admin_with_the_development_password()
    {
        await using var host = await TestHost.StartAsync("development", new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ADMIN_PASSWORD"] = null,
            ["SECRET_KEY"] = null,
        });
        using var client = host.CreateGraphQLClient();

        var login = await client.LoginPayloadAsync("admin", IdentityOptions.DevelopmentAdminPassword);

        login.AssertNoErrors();
        Assert.Equal("ADMIN", login.Json("user", "role"));
    }

    [Fact]
    public async Task A_configured_admin_password_replaces_the_development_one()
    {
        await using var host = await TestHost.StartAsync("configured");
        using var client = host.CreateGraphQLClient();

        var login = await client.LoginPayloadAsync("admin", IdentityOptions.DevelopmentAdminPassword);

        Assert.Equal("INVALID_CREDENTIALS", login.SingleError().Json("code"));
    }

    private static string Messages(Exception exception) =>
        exception is AggregateException aggregate
            ? string.Join(" | ", aggregate.InnerExceptions.Select(Messages))
            : exception.InnerException is null ? exception.Message : exception.Message + " | " + Messages(exception.InnerException);
}
